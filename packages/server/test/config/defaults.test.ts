import { describe, expect, it } from "vitest";
import { type ServerConfig, toWorkflowConfig } from "../../src/config/index.js";
import { DEFAULT_WORKFLOW_CONFIG } from "../../src/workflow/config.js";
import { devConfig, ENCRYPTION_KEY, ISSUER, problemAt, problemsOf, serveConfig } from "./helpers.js";

/** Spec 07's table, default by default. */
const DEFAULTS: ServerConfig = {
  server: { httpAddr: { host: "", port: 8080 }, publicUrl: "http://localhost:8080", publicUrlDerived: true },
  database: { driver: "pglite", dataDir: "./jitsudo-data" },
  auth: {
    oidcIssuer: undefined,
    oidcDiscoveryUrl: undefined,
    clientId: "jitsudo-cli",
    extraAudiences: [],
    groupsClaim: "groups",
    adminGroup: "jitsudo-admins",
    adminEmails: [],
    auditorGroup: "jitsudo-auditors",
  },
  tls: undefined,
  workflow: {
    maxDurationMs: 12 * 3_600_000,
    pendingTtlMs: 24 * 3_600_000,
    aiReviewTimeoutMs: 5 * 60_000,
    grantWaitMs: 10_000,
    grantRetryWindowMs: 5 * 60_000,
    revokeAlertAfterMs: 10 * 60_000,
  },
  security: { encryptionKey: undefined },
  policy: { reloadIntervalMs: 30_000, evalTimeoutMs: 100 },
  providers: { mock: undefined, aws: undefined, azure: undefined, gcp: undefined, kubernetes: undefined },
  notifications: {
    retryForMs: 3_600_000,
    slack: undefined,
    smtp: undefined,
    webhooks: [],
    siem: { json: undefined, syslog: undefined },
  },
  mcp: { token: undefined, agentIdentity: "mcp-agent" },
  audit: { signingKey: undefined, checkpointEvery: { events: 1000, intervalMs: 10 * 60_000 } },
  log: { level: "info", format: "json" },
};

describe("defaults", () => {
  it("are spec 07's, with no file and no environment (dev mode)", () => {
    expect(devConfig({})).toEqual(DEFAULTS);
  });

  it("are the same for an empty file (null) as for no file", () => {
    expect(devConfig(null)).toEqual(DEFAULTS);
  });

  it("in serve mode differ only by the required issuer, which discovery defaults to", () => {
    expect(serveConfig({})).toEqual({
      ...DEFAULTS,
      auth: { ...DEFAULTS.auth, oidcIssuer: ISSUER, oidcDiscoveryUrl: ISSUER },
    });
  });

  it("of workflow.* are the workflow module's own defaults", () => {
    expect(toWorkflowConfig(devConfig({}).workflow)).toEqual(DEFAULT_WORKFLOW_CONFIG);
  });

  it("map workflow.max_duration onto WorkflowConfig in seconds", () => {
    expect(
      toWorkflowConfig(devConfig({ workflow: { max_duration: "2h" } }).workflow).maxDurationSeconds,
    ).toBe(7200);
  });
});

describe("the typed result", () => {
  it("is frozen all the way down", () => {
    const config = devConfig({ auth: { admin_emails: ["a@example.com"] } });
    expect(() => {
      (config.server as { publicUrl: string }).publicUrl = "http://elsewhere";
    }).toThrow(TypeError);
    expect(() => (config.auth.adminEmails as string[]).push("b@example.com")).toThrow(TypeError);
    expect(Object.isFrozen(config.server.httpAddr)).toBe(true);
  });

  it("derives the public URL from the listen address, with https under TLS", () => {
    expect(devConfig({ server: { http_addr: "127.0.0.1:9000" } }).server.publicUrl).toBe(
      "http://127.0.0.1:9000",
    );
    expect(devConfig({ server: { http_addr: "[::1]:8443" } }).server.publicUrl).toBe("http://[::1]:8443");
    expect(devConfig({ server: { http_addr: "0.0.0.0:80" } }).server.publicUrl).toBe("http://localhost:80");
    const tls = { cert_file: "/etc/jitsudo/tls.crt", key_file: "/etc/jitsudo/tls.key" };
    expect(devConfig({ tls }).server.publicUrl).toBe("https://localhost:8080");
  });

  it("keeps a configured public URL, without its trailing slash", () => {
    const { server } = devConfig({ server: { public_url: "https://jitsudo.example.com/" } });
    expect(server).toMatchObject({ publicUrl: "https://jitsudo.example.com", publicUrlDerived: false });
  });

  it("refuses a public URL that is not http(s)", () => {
    const problems = problemsOf(() => devConfig({ server: { public_url: "jitsudo.example.com" } }));
    expect(problemAt(problems, "server.public_url").message).toBe("must be an http:// or https:// URL");
  });
});

describe("database.url", () => {
  it.each([
    ["pglite://memory", undefined],
    ["pglite:///var/lib/jitsudo", "/var/lib/jitsudo"],
    ["pglite://./data/jitsudo", "./data/jitsudo"],
    ["pglite://data", "data"],
  ])("%s is embedded PGlite in %s", (url, dataDir) => {
    expect(devConfig({ database: { url } }).database).toEqual({ driver: "pglite", dataDir });
  });

  it.each([
    "postgres://jitsudo:pw@db.internal:5432/jitsudo?sslmode=require",
    "postgresql://db.internal/jitsudo",
  ])("%s is PostgreSQL", (url) => {
    const { database } = serveConfig(
      { database: { url, max_connections: 25 } },
      { JITSUDOD_ENCRYPTION_KEY: ENCRYPTION_KEY },
    );
    expect(database.driver).toBe("postgres");
    expect(database.driver === "postgres" && database.url.reveal()).toBe(url);
    expect(database.driver === "postgres" && database.maxConnections).toBe(25);
  });

  it.each([
    ["mysql://db/jitsudo", "must start with postgres://, postgresql:// or pglite://"],
    ["/var/lib/jitsudo", "must start with postgres://, postgresql:// or pglite://"],
    ["pglite://", "names no directory"],
    ["postgres://db.internal:notaport/jitsudo", "is not a valid PostgreSQL URL"],
  ])("refuses %s", (url, reason) => {
    const problems = problemsOf(() => serveConfig({ database: { url } }));
    expect(problemAt(problems, "database.url").message).toContain(reason);
  });

  it("refuses a pool of zero connections", () => {
    const problems = problemsOf(() => devConfig({ database: { max_connections: 0 } }));
    expect(problemAt(problems, "database.max_connections").message).toBe("must be at least 1");
  });
});
