/**
 * Every command, argument, flag and help text of `jitsudo` (spec 06). Only the definitions live
 * here: each command's code is a module imported when that command runs, so start-up stays fast.
 */
import { Argument, Command, InvalidArgumentError, Option } from "commander";
import type { Context } from "./context.js";
import { OUTPUT_FORMATS, type OutputFormat } from "./output/printer.js";
import { CLI_VERSION } from "./version.js";

/** A command's implementation: resolves with its exit code, or with nothing for 0. */
export interface CommandModule {
  run(ctx: Context, args: string[], options: never): Promise<number | undefined> | Promise<void>;
}

export type Loader = () => Promise<CommandModule>;

/** Makes commander's action for a command: settings, context, then the lazily loaded module. */
export type Invoke = (
  load: Loader,
  formats?: readonly OutputFormat[],
) => (...params: unknown[]) => Promise<void>;

const WITH_CSV: readonly OutputFormat[] = ["table", "json", "yaml", "csv"];

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;
}

function positiveInteger(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1)
      throw new InvalidArgumentError(`${flag} must be a positive integer`);
    return Number(value);
  };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function buildProgram(invoke: Invoke): Command {
  const program = new Command("jitsudo")
    .description("sudo for your cloud: request, approve and use just-in-time privileged access")
    .version(CLI_VERSION, "-V, --version", "print the CLI's version")
    .option("--server <url>", "control plane URL (env JITSUDO_SERVER; default: saved at login, then config)")
    .option("--token <jwt>", "bearer token instead of the saved session (env JITSUDO_TOKEN)")
    .addOption(
      new Option("-o, --output <format>", "table, json or yaml; audit also csv (env JITSUDO_OUTPUT)").choices(
        OUTPUT_FORMATS,
      ),
    )
    .option("-q, --quiet", "print only the essential value, such as the request ID")
    .option(
      "--debug",
      "log each HTTP call (method, URL, status, time) to stderr, never secrets (env JITSUDO_DEBUG)",
    )
    .option("--config <path>", "config file (env JITSUDO_CONFIG; default ~/.jitsudo/config.yaml)")
    .option("--ca-file <path>", "CA certificate(s) of the server, PEM (env JITSUDO_TLS_CA_FILE)")
    .option("--cert-file <path>", "client certificate for mTLS, PEM (env JITSUDO_TLS_CERT_FILE)")
    .option("--key-file <path>", "key of the client certificate, PEM (env JITSUDO_TLS_KEY_FILE)")
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showHelpAfterError("(add --help for usage and examples)")
    .addHelpText(
      "after",
      examples(
        "jitsudo login --provider https://login.example.com --server https://jitsudo.example.com",
        'jitsudo request --provider aws --role sandbox-readonly --scope 123456789012 --duration 30m --reason "INC-4421" --wait',
        "jitsudo exec req_01J8KZ4F2EMNQZ3V7XKQYBD4W -- aws sts get-caller-identity",
      ),
    );

  program
    .command("login")
    .description("sign in with your identity provider (OIDC device flow) and save the session")
    .option("--provider <issuer-url>", "OIDC issuer URL (default: the one of the saved session)")
    .option("--client-id <id>", "OIDC client ID of the CLI", "jitsudo-cli")
    .option("--dev-user <email>", "get a token from a `jitsudod dev` server's built-in identity provider")
    .addHelpText(
      "after",
      examples(
        "jitsudo login --provider https://login.example.com --server https://jitsudo.example.com",
        "jitsudo login --dev-user alice@example.com --server http://localhost:8080",
      ),
    )
    .action(invoke(() => import("./commands/login.js")));

  program
    .command("logout")
    .description("remove the saved session")
    .addHelpText("after", examples("jitsudo logout"))
    .action(invoke(() => import("./commands/logout.js")));

  program
    .command("whoami")
    .description("show who the server says you are: identity, groups, admin/auditor, trust tier")
    .addHelpText("after", examples("jitsudo whoami", "jitsudo whoami -o json"))
    .action(invoke(() => import("./commands/whoami.js")));

  program
    .command("request")
    .description("request temporary elevated access")
    .requiredOption("--provider <name>", "provider: aws, azure, gcp, kubernetes or mock")
    .requiredOption("--role <role>", "role to be granted")
    .requiredOption("--scope <scope>", "account ID, project, subscription or namespace")
    .option("--duration <duration>", "how long the access lasts: 30m, 1h, 2h30m, 1d", "1h")
    .option("--reason <text>", "why you need it (shown to approvers and kept in the audit log)")
    .option("--break-glass", "emergency access: skips approval where a policy allows it, alerts everyone")
    .option("--metadata <key=value>", "extra context for policies (repeatable)", collect)
    .option("--wait", "wait until the request is ACTIVE (exit 0) or ends without access (exit 3)")
    .option("--timeout <duration>", "with --wait: give up after this long (exit 3)", "15m")
    .addHelpText(
      "after",
      examples(
        'jitsudo request --provider aws --role sandbox-readonly --scope 123456789012 --duration 30m --reason "Testing"',
        'jitsudo request --provider mock --role read-only --scope dev --reason "debugging" --wait',
        'ID=$(jitsudo request --provider aws --role admin --scope 123456789012 --reason "INC-1" -q)',
        'jitsudo request --provider aws --role admin --scope 123456789012 --break-glass --reason "P1 outage"',
      ),
    )
    .action(invoke(() => import("./commands/request.js")));

  program
    .command("status")
    .description("show one request in full, or list requests (yours by default)")
    .argument("[id]", "request ID")
    .option("--mine", "your own requests (the default)")
    .option("--pending", "pending requests you may approve")
    .option("--state <state>", "only requests in this state, e.g. ACTIVE")
    .option("--break-glass", "break-glass requests an admin has not reviewed yet")
    .option("--all", "every request you may see (admins and auditors: all)")
    .option("--limit <n>", "list at most this many requests", positiveInteger("--limit"), 50)
    .addHelpText(
      "after",
      examples(
        "jitsudo status req_01J8KZ4F2EMNQZ3V7XKQYBD4W",
        "jitsudo status --pending",
        "jitsudo status --all --state ACTIVE -o json",
      ),
    )
    .action(invoke(() => import("./commands/status.js")));

  program
    .command("approve")
    .description("approve a pending request")
    .argument("<id>", "request ID")
    .option("--comment <text>", "note kept on the request and in the audit log")
    .addHelpText("after", examples('jitsudo approve req_01J8KZ4F2EMNQZ3V7XKQYBD4W --comment "for INC-4421"'))
    .action(invoke(() => import("./commands/approve.js")));

  program
    .command("deny")
    .description("deny a pending request (or withdraw your own)")
    .argument("<id>", "request ID")
    .requiredOption("--reason <text>", "why (shown to the requester)")
    .addHelpText(
      "after",
      examples('jitsudo deny req_01J8KZ4F2EMNQZ3V7XKQYBD4W --reason "use the read-only role"'),
    )
    .action(invoke(() => import("./commands/deny.js")));

  program
    .command("review")
    .description("record an admin's review of a break-glass request")
    .argument("<id>", "request ID")
    .requiredOption("--comment <text>", "the review")
    .addHelpText(
      "after",
      examples(
        "jitsudo status --break-glass",
        'jitsudo review req_01J8KZ4F2EMNQZ3V7XKQYBD4W --comment "justified: INC-4421"',
      ),
    )
    .action(invoke(() => import("./commands/review.js")));

  program
    .command("exec")
    .description("run a command with the request's credentials in its environment")
    .usage("<id> -- <command> [args...]")
    .argument("<id>", "request ID (ACTIVE)")
    .argument("<command...>", "the command and its arguments, after --")
    .addHelpText(
      "after",
      `${examples(
        "jitsudo exec req_01J8KZ4F2EMNQZ3V7XKQYBD4W -- aws ec2 describe-instances --region us-east-1",
        "jitsudo exec req_01J8KZ4F2EMNQZ3V7XKQYBD4W -- terraform plan",
      )}\nThe credentials exist only in the command's environment. Ctrl-C and SIGTERM/SIGHUP go to the\ncommand; jitsudo exits with its exit code (128+signal if a signal ended it, 127 if not found).\n`,
    )
    .action(invoke(() => import("./commands/exec.js")));

  program
    .command("shell")
    .description("start a shell with the request's credentials (JITSUDO_ELEVATED=1)")
    .argument("<id>", "request ID (ACTIVE)")
    .option("--shell <path>", "shell to run (default $SHELL, else /bin/sh)")
    .addHelpText(
      "after",
      examples(
        "jitsudo shell req_01J8KZ4F2EMNQZ3V7XKQYBD4W",
        "jitsudo shell req_01J8KZ4F2EMNQZ3V7XKQYBD4W --shell /bin/zsh",
      ),
    )
    .action(invoke(() => import("./commands/shell.js")));

  program
    .command("revoke")
    .description("end a grant now, or (admin) every active grant of a user")
    .argument("[id]", "request ID")
    .option("--reason <text>", "why (kept in the audit log)")
    .option("--user <email>", "with --all: the user whose grants to revoke")
    .option("--all", "with --user: every ACTIVE or APPROVED request of that user")
    .addHelpText(
      "after",
      examples(
        "jitsudo revoke req_01J8KZ4F2EMNQZ3V7XKQYBD4W",
        'jitsudo revoke --user mallory@example.com --all --reason "laptop stolen"',
      ),
    )
    .action(invoke(() => import("./commands/revoke.js")));

  const audit = program
    .command("audit")
    .description("query the audit log (table, json, yaml or csv)")
    .option("--user <email>", "events by this actor")
    .option("--provider <name>", "events of this provider")
    .option("--request <id>", "events of this request")
    .option("--action <action>", "events of this action, e.g. grant.issued")
    .option("--since <when>", "events since a time ago (24h, 7d) or an RFC 3339 time")
    .option("--until <when>", "events before an RFC 3339 time (or a time ago)")
    .option("--limit <n>", "show at most this many events, newest first", positiveInteger("--limit"), 100)
    .option("--all", "every matching event (follows all pages; ignores --limit)")
    .addHelpText(
      "after",
      examples(
        "jitsudo audit --request req_01J8KZ4F2EMNQZ3V7XKQYBD4W",
        "jitsudo audit --user alice@example.com --since 7d -o csv > alice.csv",
        "jitsudo audit --all -o json > audit-export.json && jitsudo audit verify --file audit-export.json",
      ),
    )
    .action(invoke(() => import("./commands/audit.js"), WITH_CSV));

  audit
    .command("verify")
    .description("check the audit log's hash chain, on the server or in an export file (offline)")
    .option("--file <export.json>", "verify an export (jitsudo audit --all -o json) without the server")
    .addHelpText("after", examples("jitsudo audit verify", "jitsudo audit verify --file audit-export.json"))
    .action(invoke(() => import("./commands/audit-verify.js")));

  const policy = program
    .command("policy")
    .description("list, show, apply, delete and dry-run Rego policies")
    .addHelpText("after", examples("jitsudo policy list", "jitsudo policy apply -f aws-eligibility.rego"));

  policy
    .command("list")
    .description("list stored policies")
    .addOption(new Option("--type <type>", "only this type").choices(["eligibility", "approval"]))
    .addHelpText("after", examples("jitsudo policy list", "jitsudo policy list --type approval -o json"))
    .action(invoke(() => import("./commands/policy-list.js")));

  policy
    .command("get")
    .description("show a policy and its Rego source")
    .argument("<id|name>", "policy ID (pol_…) or name")
    .addHelpText("after", examples("jitsudo policy get aws-sandbox-eligibility"))
    .action(invoke(() => import("./commands/policy-get.js")));

  policy
    .command("apply")
    .description("create or replace a policy (admin); it must compile")
    .requiredOption("-f, --file <file.rego>", "the Rego source")
    .option("--name <name>", "policy name (default: the file name without .rego)")
    .addOption(
      new Option("--type <type>", "policy type (default: from the package line, else eligibility)").choices([
        "eligibility",
        "approval",
      ]),
    )
    .option("--description <text>", "what the policy is for")
    .option("--disable", "store it disabled (not evaluated)")
    .addHelpText(
      "after",
      examples(
        "jitsudo policy apply -f aws-eligibility.rego --type eligibility --name aws-sandbox-eligibility",
        "jitsudo policy apply -f sre-approvers.rego --type approval",
      ),
    )
    .action(invoke(() => import("./commands/policy-apply.js")));

  policy
    .command("delete")
    .description("delete a policy (admin)")
    .argument("<id|name>", "policy ID (pol_…) or name")
    .addHelpText("after", examples("jitsudo policy delete aws-sandbox-eligibility"))
    .action(invoke(() => import("./commands/policy-delete.js")));

  policy
    .command("eval")
    .description("dry-run the stored policies, or an unsaved file, against an input document")
    .requiredOption("--input <json|@file>", "the input document as JSON, or @path of a JSON file")
    .addOption(
      new Option("--type <type>", "which policies (default eligibility)").choices([
        "eligibility",
        "approval",
      ]),
    )
    .option("--file <unsaved.rego>", "evaluate this source instead of the stored policies")
    .addHelpText(
      "after",
      examples(
        `jitsudo policy eval --input '{"user":{"groups":["sre"]},"request":{"provider":"aws","role":"sandbox-readonly","duration_seconds":1800}}'`,
        "jitsudo policy eval --input @input.json --file draft.rego -o json",
      ),
    )
    .action(invoke(() => import("./commands/policy-eval.js")));

  const principal = program
    .command("principal")
    .description("show principals and set trust tiers")
    .addHelpText("after", examples("jitsudo principal get alice@example.com"));

  principal
    .command("get")
    .description("show a principal (yourself, or anyone for admins)")
    .argument("<email>", "identity")
    .addHelpText("after", examples("jitsudo principal get alice@example.com"))
    .action(invoke(() => import("./commands/principal-get.js")));

  principal
    .command("list")
    .description("list every principal (admin)")
    .addHelpText("after", examples("jitsudo principal list", "jitsudo principal list -o json"))
    .action(invoke(() => import("./commands/principal-list.js")));

  principal
    .command("set-tier")
    .description("set a principal's trust tier, 0-4 (admin)")
    .argument("<email>", "identity")
    .argument("<tier>", "trust tier, 0 (unknown) to 4")
    .option("--notes <text>", "why (kept with the principal and in the audit log)")
    .addHelpText(
      "after",
      examples('jitsudo principal set-tier alice@example.com 3 --notes "on-call SRE, 2FA verified"'),
    )
    .action(invoke(() => import("./commands/principal-set-tier.js")));

  const server = program
    .command("server")
    .description("check the control plane")
    .addHelpText("after", examples("jitsudo server status"));

  server
    .command("status")
    .description("liveness, readiness and version of the server (exit 1 if any is down)")
    .option("--server-url <url>", "server to check (default: as for every command)")
    .addHelpText(
      "after",
      examples("jitsudo server status", "jitsudo server status --server-url http://localhost:8080"),
    )
    .action(invoke(() => import("./commands/server-status.js")));

  server
    .command("version")
    .description("the server's version and API versions")
    .option("--server-url <url>", "server to ask (default: as for every command)")
    .addHelpText("after", examples("jitsudo server version"))
    .action(invoke(() => import("./commands/server-version.js")));

  server
    .command("reload-policies")
    .description("recompile the stored policies now (admin)")
    .addHelpText("after", examples("jitsudo server reload-policies"))
    .action(invoke(() => import("./commands/server-reload.js")));

  program
    .command("completion")
    .description("print a shell completion script")
    .addArgument(new Argument("<shell>", "bash, zsh or fish").choices(["bash", "zsh", "fish"]))
    .addHelpText(
      "after",
      examples(
        "source <(jitsudo completion bash)",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a zsh expansion, printed as it is
        'jitsudo completion zsh > "${fpath[1]}/_jitsudo"',
        "jitsudo completion fish > ~/.config/fish/completions/jitsudo.fish",
      ),
    )
    .action(invoke(() => import("./commands/completion.js")));

  program
    .command("version")
    .description("the CLI's version and, when reachable, the server's")
    .addHelpText("after", examples("jitsudo version", "jitsudo version -o json"))
    .action(invoke(() => import("./commands/version.js")));

  return program;
}
