import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { devConfig, ENCRYPTION_KEY, MCP_TOKEN, problemAt, problemsOf, serveConfig } from "./helpers.js";

const PG = "postgres://jitsudo@db.internal:5432/jitsudo";

describe("auth.oidc_issuer", () => {
  it("is required outside dev mode", () => {
    expect(problemsOf(() => parseConfig({}, {}, "serve"))).toEqual([
      {
        path: "auth.oidc_issuer",
        message: "is required outside dev mode (set it in the file or in JITSUDOD_OIDC_ISSUER)",
      },
    ]);
  });

  it("is not needed by dev mode, which brings its own identity provider", () => {
    expect(devConfig({}).auth.oidcIssuer).toBeUndefined();
  });

  it("must be an http(s) URL", () => {
    const problems = problemsOf(() =>
      parseConfig({ auth: { oidc_issuer: "login.example.com" } }, {}, "serve"),
    );
    expect(problemAt(problems, "auth.oidc_issuer").message).toBe("must be an http:// or https:// URL");
  });

  it("is reported together with problems elsewhere", () => {
    const problems = problemsOf(() => parseConfig({ workflow: { max_duration: 5 } }, {}, "serve"));
    expect(problems.map((problem) => problem.path)).toEqual(["auth.oidc_issuer", "workflow.max_duration"]);
  });
});

describe("security.encryption_key", () => {
  it.each([PG, "postgresql://db.internal/jitsudo"])("is required with PostgreSQL (%s)", (url) => {
    const problems = problemsOf(() => serveConfig({ database: { url } }));
    expect(problemAt(problems, "security.encryption_key").message).toBe(
      "is required with a PostgreSQL database (set it in the file or in JITSUDOD_ENCRYPTION_KEY); generate one with: openssl rand -base64 32",
    );
  });

  it("is still required when the file leaves it empty for the environment to fill", () => {
    const problems = problemsOf(() =>
      serveConfig({ database: { url: PG }, security: { encryption_key: "" } }),
    );
    expect(problems.map((problem) => problem.path)).toEqual(["security.encryption_key"]);
  });

  it("is optional with PGlite, which keeps a generated one in its data directory", () => {
    expect(
      serveConfig({ database: { url: "pglite:///var/lib/jitsudo" } }).security.encryptionKey,
    ).toBeUndefined();
  });

  it("decodes to the 32 bytes it encodes", () => {
    const config = serveConfig({ database: { url: PG }, security: { encryption_key: ENCRYPTION_KEY } });
    expect(config.security.encryptionKey?.reveal()).toEqual(Buffer.alloc(32, 7));
  });

  it.each([
    ["16 bytes", Buffer.alloc(16, 1).toString("base64")],
    ["33 bytes", Buffer.alloc(33, 1).toString("base64")],
    ["not base64", "this is not base64 at all!!"],
    ["hex", "00".repeat(32)],
  ])("refuses %s", (_, key) => {
    const problems = problemsOf(() => serveConfig({ security: { encryption_key: key } }));
    expect(problemAt(problems, "security.encryption_key").message).toBe(
      "must be 32 bytes encoded in base64 (generate one with: openssl rand -base64 32)",
    );
  });
});

describe("dev mode", () => {
  it("never runs against PostgreSQL, and says only that", () => {
    expect(problemsOf(() => devConfig({}, { JITSUDOD_DATABASE_URL: PG }))).toEqual([
      {
        path: "database.url",
        message:
          "jitsudod dev never runs against PostgreSQL; use pglite:///path/to/dir or pglite://memory, or run jitsudod serve",
        source: { env: "JITSUDOD_DATABASE_URL" },
      },
    ]);
  });
});

describe("tls", () => {
  it("takes the certificate and key together", () => {
    expect(
      problemAt(
        problemsOf(() => devConfig({ tls: { cert_file: "/tls/cert.pem" } })),
        "tls.key_file",
      ).message,
    ).toBe("is required with tls.cert_file (set it in the file or in JITSUDOD_TLS_KEY_FILE)");
    expect(
      problemAt(
        problemsOf(() => devConfig({ tls: { key_file: "/tls/key.pem" } })),
        "tls.cert_file",
      ).message,
    ).toBe("is required with tls.key_file (set it in the file or in JITSUDOD_TLS_CERT_FILE)");
  });

  it("checks client certificates only over HTTPS", () => {
    const problems = problemsOf(() => devConfig({ tls: { ca_file: "/tls/ca.pem" } }));
    expect(problems).toEqual([
      {
        path: "tls.ca_file",
        message: "needs tls.cert_file and tls.key_file: client certificates are only checked over HTTPS",
      },
    ]);
  });

  it("is on with both files, mTLS with the CA as well", () => {
    const files = { cert_file: "/tls/cert.pem", key_file: "/tls/key.pem" };
    expect(devConfig({ tls: files }).tls).toEqual({
      certFile: "/tls/cert.pem",
      keyFile: "/tls/key.pem",
      caFile: undefined,
    });
    expect(devConfig({ tls: { ...files, ca_file: "/tls/ca.pem" } }).tls?.caFile).toBe("/tls/ca.pem");
  });

  it("counts empty strings as unset (a template left blank)", () => {
    expect(devConfig({ tls: { cert_file: "", key_file: "", ca_file: "" } }).tls).toBeUndefined();
  });
});

describe("mcp.token", () => {
  it("must be long enough to be a shared secret", () => {
    const problems = problemsOf(() => devConfig({}, { JITSUDOD_MCP_TOKEN: "a".repeat(31) }));
    expect(problemAt(problems, "mcp.token")).toEqual({
      path: "mcp.token",
      message: "must be at least 32 characters long (generate one with: openssl rand -base64 32)",
      source: { env: "JITSUDOD_MCP_TOKEN" },
    });
    expect(devConfig({ mcp: { token: MCP_TOKEN } }).mcp.token?.reveal()).toBe(MCP_TOKEN);
  });

  it("leaves the approver tools off when absent or empty (a template left blank)", () => {
    expect(devConfig({}).mcp.token).toBeUndefined();
    expect(devConfig({ mcp: { token: "" } }).mcp.token).toBeUndefined();
  });

  it("comes with an agent identity that can be an audit actor", () => {
    const problems = problemsOf(() => devConfig({ mcp: { agent_identity: "agent|admin" } }));
    expect(problemAt(problems, "mcp.agent_identity").message).toBe("must not contain |");
  });
});

describe("audit", () => {
  it("takes checkpoint_every as events and interval, whichever comes first", () => {
    const { audit } = devConfig({ audit: { checkpoint_every: { events: 500, interval: "1h" } } });
    expect(audit.checkpointEvery).toEqual({ events: 500, intervalMs: 3_600_000 });
    expect(devConfig({ audit: { checkpoint_every: { events: 10 } } }).audit.checkpointEvery.intervalMs).toBe(
      600_000,
    );
  });

  it("refuses checkpoint_every written the spec's way, as prose", () => {
    const problems = problemsOf(() => devConfig({ audit: { checkpoint_every: "1000 events or 10m" } }));
    expect(problemAt(problems, "audit.checkpoint_every").message).toBe(
      "must be a mapping (key: value lines), not a string",
    );
  });

  it("refuses a signing key that is not an Ed25519 private key", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    });
    for (const key of [rsa.toString(), "not a key"]) {
      const problems = problemsOf(() => devConfig({ audit: { signing_key: key } }));
      expect(problemAt(problems, "audit.signing_key").message).toBe(
        "must be an Ed25519 private key in PEM form (generate one with: openssl genpkey -algorithm ed25519)",
      );
    }
  });
});

describe("auth.admin_emails", () => {
  it("is comma-separated in JITSUDOD_ADMIN_EMAILS, and each must be an address", () => {
    const problems = problemsOf(() => devConfig({}, { JITSUDOD_ADMIN_EMAILS: "alice@example.com,bob" }));
    expect(problemAt(problems, "auth.admin_emails[1]")).toEqual({
      path: "auth.admin_emails[1]",
      message: '"bob" is not an e-mail address',
      source: { env: "JITSUDOD_ADMIN_EMAILS" },
    });
  });
});

describe("provider and channel rules", () => {
  it("need the keys of the chosen AWS mode", () => {
    const sts = problemsOf(() => serveConfig({ providers: { aws: {} } }));
    expect(problemAt(sts, "providers.aws.role_arn_template").message).toBe(
      "is required in sts_assume_role mode",
    );
    const center = problemsOf(() => serveConfig({ providers: { aws: { mode: "identity_center" } } }));
    expect(center.map((problem) => problem.path)).toEqual([
      "providers.aws.identity_center_instance_arn",
      "providers.aws.identity_center_store_id",
    ]);
  });

  it("refuse both region and its alias default_region", () => {
    const aws = {
      role_arn_template: "arn:aws:iam::{scope}:role/{role}",
      region: "eu-west-1",
      default_region: "us-east-1",
    };
    const problems = problemsOf(() => serveConfig({ providers: { aws } }));
    expect(problemAt(problems, "providers.aws.default_region").message).toBe(
      "is another name for region; set only one of them",
    );
  });

  it("need an Azure client ID and secret for the client_secret credentials", () => {
    const azure = { tenant_id: "contoso.onmicrosoft.com", credentials_source: "client_secret" };
    const problems = problemsOf(() => serveConfig({ providers: { azure } }));
    expect(problems.map((problem) => problem.message)).toEqual([
      "is required with credentials_source client_secret",
      "is required with credentials_source client_secret (set it in the file or in JITSUDOD_AZURE_CLIENT_SECRET)",
    ]);
  });

  it("say which variable can supply a key a block is missing", () => {
    const smtp = { from: "jitsudo@example.com", to: ["sre@example.com"] };
    const problems = problemsOf(() => serveConfig({ notifications: { smtp } }));
    expect(problemAt(problems, "notifications.smtp.host").message).toBe(
      "is required (set it in the file or in JITSUDOD_SMTP_HOST)",
    );
  });

  it("need an SMTP user name with a password", () => {
    const smtp = { host: "smtp.example.com", from: "jitsudo@example.com", to: ["sre@example.com"] };
    const problems = problemsOf(() =>
      serveConfig({ notifications: { smtp } }, { JITSUDOD_SMTP_PASSWORD: "pw" }),
    );
    expect(problemAt(problems, "notifications.smtp.username").message).toBe("is required with a password");
  });

  it.each([
    ["udp", "siem.example.com", "has no port"],
    ["tcp", ":514", "has no host"],
    ["tls", "[::1]:0", "from 1 to 65535"],
    ["unix", "dev/log", "must be the absolute path of a socket"],
  ])("check a syslog address against its network (%s %s)", (network, address, reason) => {
    const problems = problemsOf(() =>
      serveConfig({ notifications: { siem: { syslog: { network, address } } } }),
    );
    expect(problemAt(problems, "notifications.siem.syslog.address").message).toContain(reason);
  });

  it("leave the syslog address alone when the network itself is wrong", () => {
    const problems = problemsOf(() =>
      serveConfig({ notifications: { siem: { syslog: { network: "quic", address: "x" } } } }),
    );
    expect(problems.map((problem) => problem.path)).toEqual(["notifications.siem.syslog.network"]);
  });
});
