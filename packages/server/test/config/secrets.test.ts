import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { loadConfig, parseConfig, REDACTED, redactedConfig, Secret } from "../../src/config/index.js";
import {
  configErrorOf,
  ENCRYPTION_KEY,
  ISSUER,
  MCP_TOKEN,
  SIGNING_KEY_PEM,
  serveConfig,
  writeTempFile,
} from "./helpers.js";

/** Each appears in exactly one secret field below; none may come out anywhere. */
const SECRETS = {
  dbPassword: "s3cret-db-password",
  encryptionKey: "s3cret-encryption-key-which-is-not-base64!",
  mcpToken: "s3cret-mcp",
  smtpPassword: "s3cret-smtp-password",
  signingKey: "s3cret-signing-key-not-pem",
  azureSecret: "s3cret-azure-client-secret",
  slackToken: "s3cretslacktoken",
  webhookToken: "s3cret-webhook-token",
  hmac: "s3cret-hmac",
  header: "s3cret-header-value",
};

function expectNoSecretIn(text: string): void {
  for (const [name, value] of Object.entries(SECRETS)) expect(text, name).not.toContain(value);
  expect(text).not.toContain(MCP_TOKEN);
  expect(text).not.toContain(ENCRYPTION_KEY);
  expect(text).not.toContain("PRIVATE KEY");
}

describe("secrets in error messages", () => {
  it("are never quoted, whether the problem is theirs or a neighbour's", () => {
    const tree = {
      database: { url: `postgres://jitsudo:${SECRETS.dbPassword}@db.internal:notaport/jitsudo` },
      security: { encryption_key: SECRETS.encryptionKey },
      mcp: { token: SECRETS.mcpToken },
      audit: { signing_key: SECRETS.signingKey },
      providers: {
        azure: { tenant_id: "t", credentials_source: "nope", client_secret: SECRETS.azureSecret },
      },
      notifications: {
        slack: { webhook_url: `hooks.slack.com/services/${SECRETS.slackToken}` },
        smtp: { host: "smtp.example.com", from: "a@example.com", to: [], password: SECRETS.smtpPassword },
        webhooks: [
          {
            url: `not a url ${SECRETS.webhookToken}`,
            secret: SECRETS.hmac,
            headers: { "Bad Header": SECRETS.header },
          },
        ],
      },
    };
    const error = configErrorOf(() => parseConfig(tree, {}, "serve"));
    expect(error.problems.length).toBeGreaterThan(8);
    expectNoSecretIn(error.message);
    expectNoSecretIn(error.format());
    expectNoSecretIn(JSON.stringify(error.problems));
  });

  it("are not quoted from the environment either", () => {
    const error = configErrorOf(() =>
      parseConfig(
        {},
        { JITSUDOD_MCP_TOKEN: SECRETS.mcpToken, JITSUDOD_ENCRYPTION_KEY: SECRETS.encryptionKey },
        "serve",
      ),
    );
    expect(error.problems.map((problem) => problem.path)).toEqual([
      "auth.oidc_issuer",
      "mcp.token",
      "security.encryption_key",
    ]);
    expectNoSecretIn(error.message);
  });

  it("are not quoted from the source line of a YAML syntax error", () => {
    const file = writeTempFile("jitsudod.yaml", `mcp:\n  token: ${SECRETS.mcpToken}: oops\n`);
    const error = configErrorOf(() => loadConfig({ file, env: {}, mode: "dev" }));
    expect(error.problems[0].source).toMatchObject({ line: 2 });
    expectNoSecretIn(error.message);
  });
});

describe("redactedConfig", () => {
  const config = serveConfig(
    {
      database: { url: `postgres://jitsudo:${SECRETS.dbPassword}@db.internal:5432/jitsudo?sslmode=require` },
      audit: { signing_key: SIGNING_KEY_PEM },
      providers: {
        azure: {
          tenant_id: "t",
          client_id: "00000000-0000-0000-0000-000000000001",
          credentials_source: "client_secret",
          client_secret: SECRETS.azureSecret,
        },
      },
      notifications: {
        slack: { webhook_url: `https://hooks.slack.com/services/${SECRETS.slackToken}` },
        smtp: {
          host: "smtp.example.com",
          from: "a@example.com",
          to: ["b@example.com"],
          username: "u",
          password: SECRETS.smtpPassword,
        },
        webhooks: [
          {
            url: `https://hooks.example.com/in?token=${SECRETS.webhookToken}`,
            secret: SECRETS.hmac,
            headers: { Authorization: SECRETS.header },
          },
        ],
      },
    },
    { JITSUDOD_ENCRYPTION_KEY: ENCRYPTION_KEY, JITSUDOD_MCP_TOKEN: MCP_TOKEN },
  );

  it("shows no secret, whole or in part", () => {
    expectNoSecretIn(JSON.stringify(redactedConfig(config)));
  });

  it("says which secrets are set and keeps what helps to debug", () => {
    const view = redactedConfig(config);
    expect(view.database).toEqual({
      driver: "postgres",
      url: `postgres://jitsudo:${REDACTED}@db.internal:5432/jitsudo?${REDACTED}`,
      maxConnections: 10,
    });
    expect(view.security.encryptionKey).toBe(REDACTED);
    expect(view.mcp.token).toBe(REDACTED);
    expect(view.notifications.slack?.webhookUrl).toBe(`https://hooks.slack.com/${REDACTED}`);
    expect(view.notifications.webhooks[0]).toEqual({
      url: `https://hooks.example.com/${REDACTED}`,
      secret: REDACTED,
      headers: { Authorization: REDACTED },
      events: [],
    });
    expect(view.auth.oidcIssuer).toBe(ISSUER);
  });

  it("is what logging the config object itself gives, so a careless log line leaks nothing", () => {
    expectNoSecretIn(JSON.stringify(config));
    expectNoSecretIn(inspect(config, { depth: Number.POSITIVE_INFINITY }));
    expectNoSecretIn(String(config.notifications.smtp?.password));
  });
});

describe("Secret", () => {
  it("reveals its value only when asked", () => {
    const secret = new Secret("hunter2");
    expect(secret.reveal()).toBe("hunter2");
    for (const shown of [String(secret), `${secret}`, JSON.stringify({ secret }), inspect(secret)]) {
      expect(shown).not.toContain("hunter2");
      expect(shown).toContain(REDACTED);
    }
  });
});
