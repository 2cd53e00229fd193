import { describe, expect, it } from "vitest";
import { ENV_SETTINGS, type Env, parseConfig, type ServerConfig } from "../../src/config/index.js";
import {
  devConfig,
  ENCRYPTION_KEY,
  ISSUER,
  MCP_TOKEN,
  problemAt,
  problemsOf,
  SIGNING_KEY_PEM,
  serveConfig,
} from "./helpers.js";

interface EnvCase {
  readonly env: Env;
  /** What the file needs for the variable to be usable (e.g. the rest of its block). */
  readonly file?: Record<string, unknown>;
  readonly read: (config: ServerConfig) => unknown;
  readonly expected: unknown;
}

const PG_URL = "postgres://jitsudo:pw@db.internal:5432/jitsudo";
const SMTP = { notifications: { smtp: { from: "jitsudo@example.com", to: ["sre@example.com"] } } };
const AZURE = {
  providers: {
    azure: {
      tenant_id: "contoso.onmicrosoft.com",
      client_id: "00000000-0000-0000-0000-000000000001",
      credentials_source: "client_secret",
    },
  },
};

/** One case per variable of spec 07, 08 and 09; the test below checks none is missing. */
const CASES: Readonly<Record<string, EnvCase>> = {
  JITSUDOD_HTTP_ADDR: {
    env: {},
    read: (c) => c.server.httpAddr,
    expected: { host: "127.0.0.1", port: 9000 },
  },
  JITSUDOD_PUBLIC_URL: { env: {}, read: (c) => c.server.publicUrl, expected: "https://jitsudo.example.com" },
  JITSUDOD_DATABASE_URL: {
    env: { JITSUDOD_ENCRYPTION_KEY: ENCRYPTION_KEY },
    read: (c) => c.database.driver === "postgres" && c.database.url.reveal(),
    expected: PG_URL,
  },
  JITSUDOD_OIDC_ISSUER: { env: {}, read: (c) => c.auth.oidcIssuer, expected: "https://idp.example.com" },
  JITSUDOD_OIDC_DISCOVERY_URL: {
    env: {},
    read: (c) => c.auth.oidcDiscoveryUrl,
    expected: "http://keycloak:8080/realms/ops",
  },
  JITSUDOD_OIDC_CLIENT_ID: { env: {}, read: (c) => c.auth.clientId, expected: "jitsudo-prod" },
  JITSUDOD_ADMIN_EMAILS: {
    env: {},
    read: (c) => c.auth.adminEmails,
    expected: ["alice@example.com", "bob@example.com"],
  },
  JITSUDOD_TLS_CERT_FILE: {
    env: { JITSUDOD_TLS_KEY_FILE: "/tls/key.pem" },
    read: (c) => c.tls?.certFile,
    expected: "/tls/cert.pem",
  },
  JITSUDOD_TLS_KEY_FILE: {
    env: { JITSUDOD_TLS_CERT_FILE: "/tls/cert.pem" },
    read: (c) => c.tls?.keyFile,
    expected: "/tls/key.pem",
  },
  JITSUDOD_TLS_CA_FILE: {
    env: { JITSUDOD_TLS_CERT_FILE: "/tls/cert.pem", JITSUDOD_TLS_KEY_FILE: "/tls/key.pem" },
    read: (c) => c.tls?.caFile,
    expected: "/tls/ca.pem",
  },
  JITSUDOD_ENCRYPTION_KEY: {
    env: {},
    read: (c) => c.security.encryptionKey?.reveal().toString("base64"),
    expected: ENCRYPTION_KEY,
  },
  JITSUDOD_AZURE_CLIENT_SECRET: {
    env: {},
    file: AZURE,
    read: (c) => c.providers.azure?.clientSecret?.reveal(),
    expected: "azure-secret",
  },
  JITSUDOD_SLACK_WEBHOOK_URL: {
    env: {},
    read: (c) => c.notifications.slack?.webhookUrl.reveal(),
    expected: "https://hooks.slack.com/services/T000/B000/XXXX",
  },
  JITSUDOD_SMTP_HOST: {
    env: {},
    file: SMTP,
    read: (c) => c.notifications.smtp?.host,
    expected: "smtp.example.com",
  },
  JITSUDOD_SMTP_PASSWORD: {
    env: { JITSUDOD_SMTP_HOST: "smtp.example.com" },
    file: { notifications: { smtp: { ...SMTP.notifications.smtp, username: "jitsudo" } } },
    read: (c) => c.notifications.smtp?.password?.reveal(),
    expected: "smtp-password",
  },
  JITSUDOD_WEBHOOK_URL: {
    env: {},
    read: (c) => c.notifications.webhooks.map((w) => w.url.reveal()),
    expected: ["https://hooks.example.com/jitsudo"],
  },
  JITSUDOD_SIEM_JSON_URL: {
    env: {},
    read: (c) => c.notifications.siem.json?.url.reveal(),
    expected: "https://siem.example.com/ingest",
  },
  JITSUDOD_SIEM_SYSLOG_ADDRESS: {
    env: {},
    read: (c) => c.notifications.siem.syslog,
    expected: { network: "udp", host: "siem.example.com", port: 514, tag: "jitsudo", facility: "auth" },
  },
  JITSUDOD_MCP_TOKEN: { env: {}, read: (c) => c.mcp.token?.reveal(), expected: MCP_TOKEN },
  JITSUDOD_MCP_AGENT_IDENTITY: { env: {}, read: (c) => c.mcp.agentIdentity, expected: "claude-reviewer" },
  JITSUDOD_AUDIT_SIGNING_KEY: {
    env: {},
    read: (c) => c.audit.signingKey?.reveal(),
    expected: SIGNING_KEY_PEM,
  },
  JITSUDOD_LOG_LEVEL: { env: {}, read: (c) => c.log.level, expected: "debug" },
  JITSUDOD_LOG_FORMAT: { env: {}, read: (c) => c.log.format, expected: "text" },
};

/** The variable's own value in each case. */
const VALUES: Readonly<Record<string, string>> = {
  JITSUDOD_HTTP_ADDR: "127.0.0.1:9000",
  JITSUDOD_PUBLIC_URL: "https://jitsudo.example.com",
  JITSUDOD_DATABASE_URL: PG_URL,
  JITSUDOD_OIDC_ISSUER: "https://idp.example.com",
  JITSUDOD_OIDC_DISCOVERY_URL: "http://keycloak:8080/realms/ops",
  JITSUDOD_OIDC_CLIENT_ID: "jitsudo-prod",
  JITSUDOD_ADMIN_EMAILS: "alice@example.com, bob@example.com,",
  JITSUDOD_TLS_CERT_FILE: "/tls/cert.pem",
  JITSUDOD_TLS_KEY_FILE: "/tls/key.pem",
  JITSUDOD_TLS_CA_FILE: "/tls/ca.pem",
  JITSUDOD_ENCRYPTION_KEY: ENCRYPTION_KEY,
  JITSUDOD_AZURE_CLIENT_SECRET: "azure-secret",
  JITSUDOD_SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T000/B000/XXXX",
  JITSUDOD_SMTP_HOST: "smtp.example.com",
  JITSUDOD_SMTP_PASSWORD: "smtp-password",
  JITSUDOD_WEBHOOK_URL: "https://hooks.example.com/jitsudo",
  JITSUDOD_SIEM_JSON_URL: "https://siem.example.com/ingest",
  JITSUDOD_SIEM_SYSLOG_ADDRESS: "siem.example.com:514",
  JITSUDOD_MCP_TOKEN: MCP_TOKEN,
  JITSUDOD_MCP_AGENT_IDENTITY: "claude-reviewer",
  JITSUDOD_AUDIT_SIGNING_KEY: SIGNING_KEY_PEM,
  JITSUDOD_LOG_LEVEL: "debug",
  JITSUDOD_LOG_FORMAT: "text",
};

describe("environment variables", () => {
  it("are all covered here", () => {
    expect(Object.keys(CASES).sort()).toEqual(ENV_SETTINGS.map((setting) => setting.name).sort());
  });

  it.each(Object.entries(CASES))("%s sets its key", (name, { env, file, read, expected }) => {
    const config = serveConfig(file ?? {}, { ...env, [name]: VALUES[name] });
    expect(read(config)).toEqual(expected);
  });

  it("win over the file, which wins over the defaults", () => {
    const file = { server: { http_addr: ":9090" }, log: { level: "warn" } };
    expect(devConfig({}).server.httpAddr.port).toBe(8080);
    expect(devConfig(file).server.httpAddr.port).toBe(9090);
    const both = devConfig(file, { JITSUDOD_HTTP_ADDR: ":7070" });
    expect(both.server.httpAddr.port).toBe(7070);
    expect(both.log.level).toBe("warn");
  });

  it("replace a list from the file rather than adding to it", () => {
    const file = { auth: { admin_emails: ["root@example.com"] } };
    expect(devConfig(file, { JITSUDOD_ADMIN_EMAILS: "alice@example.com" }).auth.adminEmails).toEqual([
      "alice@example.com",
    ]);
  });

  it("count as unset when empty", () => {
    expect(
      devConfig({ server: { http_addr: ":9090" } }, { JITSUDOD_HTTP_ADDR: "" }).server.httpAddr.port,
    ).toBe(9090);
  });

  it("complete a block of the file without replacing it", () => {
    const file = {
      notifications: {
        smtp: { host: "smtp.internal", from: "jitsudo@example.com", to: ["sre@example.com"], username: "u" },
      },
    };
    const smtp = devConfig(file, { JITSUDOD_SMTP_PASSWORD: "pw" }).notifications.smtp;
    expect(smtp).toMatchObject({ host: "smtp.internal", username: "u", port: 587 });
    expect(smtp?.password?.reveal()).toBe("pw");
  });

  it("fill a block the file leaves empty", () => {
    const config = devConfig(
      { notifications: { slack: null } },
      { JITSUDOD_SLACK_WEBHOOK_URL: "https://hooks.slack.com/x" },
    );
    expect(config.notifications.slack?.webhookUrl.reveal()).toBe("https://hooks.slack.com/x");
  });

  it("leave the tree they were given alone", () => {
    const file = { server: { http_addr: ":9090" } };
    devConfig(file, { JITSUDOD_HTTP_ADDR: ":7070", JITSUDOD_LOG_LEVEL: "debug" });
    expect(file).toEqual({ server: { http_addr: ":9090" } });
  });

  it("are named in the problem when their value is wrong", () => {
    const problems = problemsOf(() => devConfig({}, { JITSUDOD_LOG_LEVEL: "verbose" }));
    expect(problemAt(problems, "log.level")).toEqual({
      path: "log.level",
      message: 'must be one of debug, info, warn, error, not "verbose"',
      source: { env: "JITSUDOD_LOG_LEVEL" },
    });
  });

  it("name the variable for every problem below the key they set", () => {
    const problems = problemsOf(() => devConfig({}, { JITSUDOD_WEBHOOK_URL: "hooks.example.com" }));
    expect(problemAt(problems, "notifications.webhooks[0].url").source).toEqual({
      env: "JITSUDOD_WEBHOOK_URL",
    });
  });
});

describe("warnings about the environment", () => {
  const warningsOf = (env: Env, file: unknown = {}) =>
    parseConfig(file, { JITSUDOD_OIDC_ISSUER: ISSUER, ...env }, "serve").warnings;

  it("list unknown JITSUDOD_* variables, with a suggestion", () => {
    expect(warningsOf({ JITSUDOD_HTTP_ADR: ":80", JITSUDOD_GRPC_ADDR: ":8443" })).toEqual([
      "JITSUDOD_GRPC_ADDR is not a jitsudod setting and is ignored",
      "JITSUDOD_HTTP_ADR is not a jitsudod setting and is ignored (did you mean JITSUDOD_HTTP_ADDR?)",
    ]);
  });

  it("leave other variables and JITSUDOD_CONFIG alone", () => {
    expect(warningsOf({ PATH: "/usr/bin", JITSUDO_SERVER: "http://x", JITSUDOD_CONFIG: "" })).toEqual([]);
  });

  it("leave alone what Kubernetes adds for a Service named jitsudod", () => {
    const serviceLinks = {
      JITSUDOD_SERVICE_HOST: "10.0.0.7",
      JITSUDOD_SERVICE_PORT: "8080",
      JITSUDOD_SERVICE_PORT_HTTP: "8080",
      JITSUDOD_PORT: "tcp://10.0.0.7:8080",
      JITSUDOD_PORT_8080_TCP: "tcp://10.0.0.7:8080",
      JITSUDOD_PORT_8080_TCP_PROTO: "tcp",
      JITSUDOD_PORT_8080_TCP_PORT: "8080",
      JITSUDOD_PORT_8080_TCP_ADDR: "10.0.0.7",
    };
    expect(warningsOf(serviceLinks)).toEqual([]);
  });

  it("say when JITSUDOD_WEBHOOK_URL is ignored because the file lists webhooks", () => {
    const file = { notifications: { webhooks: [{ url: "https://a.example.com/hook" }] } };
    const loaded = parseConfig(
      file,
      { JITSUDOD_OIDC_ISSUER: ISSUER, JITSUDOD_WEBHOOK_URL: "https://b.example.com/hook" },
      "serve",
    );
    expect(loaded.warnings).toEqual([
      "JITSUDOD_WEBHOOK_URL is ignored: notifications.webhooks is set in the configuration file",
    ]);
    expect(loaded.config.notifications.webhooks.map((w) => w.url.reveal())).toEqual([
      "https://a.example.com/hook",
    ]);
  });

  it("say when JITSUDOD_AZURE_CLIENT_SECRET is ignored because azure is not configured", () => {
    const loaded = parseConfig(
      {},
      { JITSUDOD_OIDC_ISSUER: ISSUER, JITSUDOD_AZURE_CLIENT_SECRET: "s" },
      "serve",
    );
    expect(loaded.warnings).toEqual([
      "JITSUDOD_AZURE_CLIENT_SECRET is ignored: providers.azure is not configured",
    ]);
    expect(loaded.config.providers.azure).toBeUndefined();
  });

  it("travel with a ConfigError too", () => {
    const error = (() => {
      try {
        parseConfig({}, { JITSUDOD_OIDC_ISUER: ISSUER }, "serve");
      } catch (thrown) {
        return thrown as Error & { warnings: readonly string[] };
      }
      throw new Error("expected a ConfigError");
    })();
    expect(error.warnings).toEqual([
      "JITSUDOD_OIDC_ISUER is not a jitsudod setting and is ignored (did you mean JITSUDOD_OIDC_ISSUER?)",
    ]);
    expect(error.message).toContain("did you mean JITSUDOD_OIDC_ISSUER?");
  });
});
