import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseConfig } from "../../src/config/index.js";
import {
  configErrorOf,
  devConfig,
  ISSUER,
  problemAt,
  problemsOf,
  serveConfig,
  writeTempFile,
} from "./helpers.js";

const AWS = { role_arn_template: "arn:aws:iam::{scope}:role/jitsudo-{role}" };

describe("unknown keys", () => {
  it("are one problem each, at every depth, with the full key path", () => {
    const tree = {
      serverr: {},
      server: { http_adr: ":80" },
      audit: { checkpoint_every: { event: 10 } },
      providers: { aws: { ...AWS, role_arn_templte: "x" }, vault: {} },
      notifications: {
        webhooks: [{ url: "https://a.example.com" }, { url: "https://b.example.com", secrt: "s" }],
        siem: { syslog: { adress: "siem.example.com:514", address: "siem.example.com:514" } },
      },
    };
    const problems = problemsOf(() => serveConfig(tree));
    expect(problems.map((problem) => [problem.path, problem.message])).toEqual([
      ["audit.checkpoint_every.event", "unknown key (did you mean events?)"],
      ["notifications.siem.syslog.adress", "unknown key (did you mean address?)"],
      ["notifications.webhooks[1].secrt", "unknown key (did you mean secret?)"],
      ["providers.aws.role_arn_templte", "unknown key (did you mean role_arn_template?)"],
      ["providers.vault", "unknown key"],
      ["server.http_adr", "unknown key (did you mean http_addr?)"],
      ["serverr", "unknown key (did you mean server?)"],
    ]);
  });

  it("suggest the snake_case key for a camelCase one", () => {
    const problems = problemsOf(() => devConfig({ auth: { oidcIssuer: ISSUER } }));
    expect(problemAt(problems, "auth.oidcIssuer").message).toBe("unknown key (did you mean oidc_issuer?)");
  });

  it("include keys of the old Go server, which this one does not have", () => {
    const problems = problemsOf(() => devConfig({ server: { grpc_addr: ":8443" } }));
    expect(problemAt(problems, "server.grpc_addr").message).toBe("unknown key");
  });
});

describe("several problems", () => {
  const tree = {
    database: { url: "postgres://db.internal/jitsudo" },
    workflow: { max_duration: "12" },
    log: { level: "warning", formatt: "json" },
    tls: { cert_file: "/tls/cert.pem" },
    mcp: { token: "short" },
  };

  it("are all listed in one ConfigError", () => {
    const error = configErrorOf(() => parseServe(tree));
    expect(error.problems.map((problem) => problem.path)).toEqual([
      "auth.oidc_issuer",
      "log.formatt",
      "log.level",
      "mcp.token",
      "security.encryption_key",
      "tls.key_file",
      "workflow.max_duration",
    ]);
  });

  it("format as one line each, key first", () => {
    const lines = configErrorOf(() => parseServe(tree))
      .format()
      .split("\n");
    expect(lines).toEqual([
      "auth.oidc_issuer: is required outside dev mode (set it in the file or in JITSUDOD_OIDC_ISSUER)",
      "log.formatt: unknown key (did you mean format?)",
      'log.level: must be one of debug, info, warn, error, not "warning" (did you mean warn?)',
      "mcp.token: must be at least 32 characters long (generate one with: openssl rand -base64 32)",
      "security.encryption_key: is required with a PostgreSQL database (set it in the file or in JITSUDOD_ENCRYPTION_KEY); generate one with: openssl rand -base64 32",
      "tls.key_file: is required with tls.cert_file (set it in the file or in JITSUDOD_TLS_KEY_FILE)",
      'workflow.max_duration: "12" has no unit; write 12s, 12m or 12h',
    ]);
  });

  it("are counted in the error's message, which lists them too", () => {
    const error = configErrorOf(() => parseServe(tree));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message.split("\n")[0]).toBe("invalid jitsudod configuration (7 problems):");
    expect(error.message).toContain("  workflow.max_duration: ");
  });

  function parseServe(file: unknown) {
    return parseConfig(file, {}, "serve");
  }
});

describe("wrong types", () => {
  it.each([
    [{ server: 5 }, "server", "must be a mapping (key: value lines), not a number"],
    [
      { providers: { mock: null } },
      "providers.mock",
      "must be a mapping (key: value lines), not empty (the key has no value); write {} for a block of defaults",
    ],
    [{ auth: { admin_emails: "a@example.com" } }, "auth.admin_emails", "must be a list, not a string"],
    [
      { auth: { admin_emails: ["a@example.com", "not-an-address"] } },
      "auth.admin_emails[1]",
      '"not-an-address" is not an e-mail address',
    ],
    [
      {
        notifications: {
          smtp: { host: "smtp", from: "a@example.com", to: ["b@example.com"], secure: "yes" },
        },
      },
      "notifications.smtp.secure",
      "must be true or false, not a string",
    ],
    [
      { providers: { mock: { fail_grant_times: 1.5 } } },
      "providers.mock.fail_grant_times",
      "must be a whole number",
    ],
  ])("%j → %s", (tree, path, message) => {
    expect(
      problemAt(
        problemsOf(() => devConfig(tree)),
        path,
      ).message,
    ).toBe(message);
  });

  it("refuse a tree that is not a mapping", () => {
    expect(problemsOf(() => devConfig(["server"]))).toEqual([
      { path: "", message: "the configuration must be a mapping of sections (server:, database:, …)" },
    ]);
  });
});

describe("the YAML file", () => {
  const load = (text: string) =>
    loadConfig({ file: writeTempFile("jitsudod.yaml", text), env: {}, mode: "dev" });

  it("points at the line and column of a syntax error", () => {
    const file = writeTempFile(
      "jitsudod.yaml",
      'server:\n  http_addr: ":8080"\nlog:\n  level: info: debug\n',
    );
    const error = configErrorOf(() => loadConfig({ file, env: {}, mode: "dev" }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ path: "", source: { file, line: 4, column: 10 } });
    expect(error.format()).toBe(
      `${file}:4:10: YAML syntax error: Nested mappings are not allowed in compact mappings`,
    );
  });

  it("reports a key written twice in one mapping", () => {
    const error = configErrorOf(() => load("log:\n  level: info\n  level: debug\n"));
    expect(error.problems[0]).toMatchObject({ source: { line: 3, column: 3 } });
    expect(error.problems[0].message).toContain("unique");
  });

  it("points validation problems at the key's line", () => {
    const file = writeTempFile(
      "jitsudod.yaml",
      [
        "providers:",
        "  aws:",
        '    role_arn_template: "arn:aws:iam::{scope}:role/jitsudo-{role}"',
        "    role_arn_templte: typo",
        "notifications:",
        "  webhooks:",
        "    - url: https://a.example.com/hook",
        "    - url: not-a-url",
      ].join("\n"),
    );
    const problems = problemsOf(() => loadConfig({ file, env: {}, mode: "dev" }));
    expect(problemAt(problems, "providers.aws.role_arn_templte").source).toEqual({
      file,
      line: 4,
      column: 5,
    });
    expect(problemAt(problems, "notifications.webhooks[1].url").source).toEqual({ file, line: 8, column: 7 });
  });

  it("points a missing key at the block that should hold it", () => {
    const file = writeTempFile("jitsudod.yaml", "log:\n  level: info\nauth:\n  client_id: jitsudo-cli\n");
    const problems = problemsOf(() => loadConfig({ file, env: {}, mode: "serve" }));
    expect(problemAt(problems, "auth.oidc_issuer").source).toEqual({ file, line: 3, column: 1 });
  });

  it("reports an alias used before its anchor", () => {
    const file = writeTempFile("jitsudod.yaml", "auth:\n  admin_emails: *admins\n");
    expect(problemsOf(() => loadConfig({ file, env: {}, mode: "dev" }))).toEqual([
      {
        path: "",
        message: `${file}: YAML error: Unresolved alias (the anchor must be set before the alias): admins`,
      },
    ]);
  });

  it("must hold a mapping", () => {
    expect(problemsOf(() => load("- server\n- log\n"))[0].message).toContain(
      "must hold a mapping of sections",
    );
  });

  it("is named when it cannot be read", () => {
    const problems = problemsOf(() =>
      loadConfig({ file: "/nonexistent/jitsudod.yaml", env: {}, mode: "dev" }),
    );
    expect(problems).toEqual([
      { path: "", message: "cannot read the configuration file /nonexistent/jitsudod.yaml: no such file" },
    ]);
  });
});
