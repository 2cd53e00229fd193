/** The `jitsudod` command line: serve | dev | init | migrate | audit-key | version (spec 07). */
import { createPublicKey } from "node:crypto";
import { Command, InvalidArgumentError } from "commander";
import pino from "pino";
import { init } from "./init.js";
import { createLogger } from "./logger.js";
import { serve } from "./serve.js";
import { runUntilSignalled } from "./signals.js";
import { VERSION } from "./version.js";
import { ConfigError, loadConfig, type RunMode } from "../config/index.js";
import { openStore } from "../store/index.js";

const env = process.env as Record<string, string | undefined>;

const DEFAULT_DEV_DATA_DIR = ".jitsudo-dev";

function load(file: string | undefined, mode: RunMode) {
  const { config, warnings } = loadConfig({ file, env, mode });
  const log = createLogger(config.log);
  for (const w of warnings) log.warn(w);
  return { config, log };
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new InvalidArgumentError("must be a port number (1-65535)");
  return n;
}

const program = new Command("jitsudod")
  .description("jitsudo control plane: just-in-time privileged access for your cloud")
  .version(VERSION, "-v, --version", "print the version")
  .showHelpAfterError();

program
  .command("serve", { isDefault: true })
  .description("run the control plane until SIGINT/SIGTERM")
  .option("--config <path>", "configuration file (default: $JITSUDOD_CONFIG)")
  .addHelpText(
    "after",
    "\nExample:\n  JITSUDOD_ENCRYPTION_KEY=... jitsudod serve --config /etc/jitsudo/jitsudod.yaml",
  )
  .action(async (o: { config?: string }) => {
    const { config, log } = load(o.config, "serve");
    await serve(config, log);
  });

program
  .command("dev")
  .description(
    "a complete local environment in one process: embedded database, identity provider, mock provider",
  )
  .option("--port <port>", "HTTP port", port, 8080)
  .option("--data-dir <dir>", "where the embedded database lives", DEFAULT_DEV_DATA_DIR)
  .option("--in-memory", "keep everything in memory (lost on exit)")
  .option("--config <path>", "configuration file (optional; dev settings override it)")
  .addHelpText("after", "\nExamples:\n  jitsudod dev\n  jitsudod dev --port 9090 --in-memory")
  .action(async (o: { port: number; dataDir: string; inMemory?: boolean; config?: string }) => {
    const { config, log } = load(o.config, "dev");
    const dataDir = o.inMemory ? undefined : o.dataDir;
    // Imported here: the dev identity provider (oidc-provider) is a large module tree serve never needs.
    const { devBanner, startDev } = await import("./dev.js");
    const dev = await startDev(config, { port: o.port, dataDir }, log);
    process.stdout.write(
      devBanner(dev.url, dev.config.database.driver === "pglite" ? dev.config.database.dataDir : undefined),
    );
    await runUntilSignalled(dev.plane, log);
  });

program
  .command("init")
  .description("check the database, run migrations and write a starter configuration")
  .option("--db-url <url>", "database URL (env JITSUDOD_DATABASE_URL)", env.JITSUDOD_DATABASE_URL)
  .option(
    "--oidc-issuer <url>",
    "your identity provider's issuer URL (env JITSUDOD_OIDC_ISSUER)",
    env.JITSUDOD_OIDC_ISSUER,
  )
  .option(
    "--oidc-client-id <id>",
    "the CLI's OIDC client ID (env JITSUDOD_OIDC_CLIENT_ID)",
    env.JITSUDOD_OIDC_CLIENT_ID ?? "jitsudo-cli",
  )
  .option("--http-addr <addr>", "listen address", ":8080")
  .option("--config-out <path>", "where to write the configuration", "jitsudo.yaml")
  .option("--skip-migrations", "do not apply migrations")
  .addHelpText(
    "after",
    "\nExample:\n  jitsudod init --db-url postgres://jitsudo@db:5432/jitsudo --oidc-issuer https://login.example.com",
  )
  .action(
    async (o: {
      dbUrl?: string;
      oidcIssuer?: string;
      oidcClientId: string;
      httpAddr: string;
      configOut: string;
      skipMigrations?: boolean;
    }) => {
      const missing = [
        o.dbUrl ? undefined : "--db-url (or JITSUDOD_DATABASE_URL)",
        o.oidcIssuer ? undefined : "--oidc-issuer (or JITSUDOD_OIDC_ISSUER)",
      ].filter(Boolean);
      if (missing.length > 0) throw new UsageError(`missing ${missing.join(" and ")}`);
      await init(
        {
          dbUrl: o.dbUrl as string,
          oidcIssuer: o.oidcIssuer as string,
          oidcClientId: o.oidcClientId,
          httpAddr: o.httpAddr,
          configOut: o.configOut,
          skipMigrations: o.skipMigrations ?? false,
        },
        { line: (t) => process.stdout.write(`${t}\n`) },
      );
    },
  );

program
  .command("migrate")
  .description("apply pending database migrations and exit")
  .option("--config <path>", "configuration file (default: $JITSUDOD_CONFIG)")
  .action(async (o: { config?: string }) => {
    const { config } = load(o.config, "serve");
    const db = config.database;
    const store = await openStore({
      location:
        db.driver === "postgres"
          ? { kind: "postgres", url: db.url.reveal() }
          : { kind: "pglite", dataDir: db.dataDir },
      log: pino({ level: "silent" }),
    });
    await store.close();
    process.stdout.write("Database migrations are up to date.\n");
  });

program
  .command("audit-key")
  .description("print the public key of the audit checkpoint signing key (audit.signing_key)")
  .option("--config <path>", "configuration file (default: $JITSUDOD_CONFIG)")
  .action((o: { config?: string }) => {
    const { config } = load(o.config, "serve");
    if (!config.audit.signingKey)
      throw new UsageError("audit.signing_key (JITSUDOD_AUDIT_SIGNING_KEY) is not set");
    const publicKey = createPublicKey(config.audit.signingKey.reveal()).export({
      type: "spki",
      format: "pem",
    });
    process.stdout.write(String(publicKey));
  });

program
  .command("version")
  .description("print the version")
  .action(() => {
    process.stdout.write(`jitsudod ${VERSION}\n`);
  });

class UsageError extends Error {}

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else if (err instanceof UsageError) {
    process.stderr.write(`Error: ${err.message}\n`);
  } else {
    process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(1);
});
