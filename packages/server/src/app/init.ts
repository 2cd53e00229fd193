/**
 * `jitsudod init` (spec 07): checks the database, applies the migrations and writes a starter
 * configuration (0600). The encryption key it generates goes to a separate env file (0600),
 * since secrets belong in the environment, not in the configuration file.
 */
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import pino from "pino";
import { stringify } from "yaml";
import { openStore, parseDatabaseUrl } from "../store/index.js";

export interface InitOptions {
  dbUrl: string;
  oidcIssuer: string;
  oidcClientId: string;
  httpAddr: string;
  configOut: string;
  skipMigrations: boolean;
}

export interface InitOutput {
  line(text: string): void;
}

export async function init(o: InitOptions, out: InitOutput): Promise<void> {
  const location = parseDatabaseUrl(o.dbUrl);
  if (!/^https?:\/\//.test(o.oidcIssuer))
    throw new Error("--oidc-issuer: must be an http(s) URL of your identity provider");
  const configPath = resolve(o.configOut);
  if (existsSync(configPath))
    throw new Error(`--config-out: ${configPath} exists; remove it or choose another path`);

  out.line("Connecting to database...");
  const store = await openStore({ location, log: pino({ level: "silent" }), migrate: !o.skipMigrations });
  try {
    await store.ping();
    out.line("Connecting to database... OK");
    out.line(
      o.skipMigrations ? "Running database migrations... skipped" : "Running database migrations... OK",
    );
  } finally {
    await store.close();
  }

  // A PostgreSQL URL may carry a password, so it goes to the env file with the key.
  const config = {
    server: { http_addr: o.httpAddr },
    ...(location.kind === "pglite" ? { database: { url: o.dbUrl } } : {}),
    auth: { oidc_issuer: o.oidcIssuer, client_id: o.oidcClientId },
  };
  const lines = [
    "# jitsudod configuration written by `jitsudod init`; reference: docs/configuration.md",
    "# Secrets (the database URL, the encryption key) come from the environment.",
    stringify(config).trimEnd(),
    "",
  ];
  writeFileSync(configPath, lines.join("\n"), { mode: 0o600 });
  out.line(`Configuration written to ${configPath}`);

  const envPath = join(dirname(configPath), "jitsudod.env");
  const envLines = [`JITSUDOD_ENCRYPTION_KEY=${randomBytes(32).toString("base64")}`];
  if (location.kind === "postgres") envLines.unshift(`JITSUDOD_DATABASE_URL=${o.dbUrl}`);
  if (!existsSync(envPath)) {
    writeFileSync(envPath, `${envLines.join("\n")}\n`, { mode: 0o600 });
    out.line(`Secrets written to ${envPath} (mode 0600): load them into jitsudod's environment`);
  }
  out.line("");
  out.line("Next steps:");
  out.line(`  1. Export the variables in ${envPath} (or put them in your secret store).`);
  out.line("  2. Configure a provider (docs/configuration.md, providers.*).");
  out.line(`  3. Start the server: jitsudod serve --config ${configPath}`);
  out.line("  4. Apply your first policies: jitsudo policy apply -f eligibility.rego --type eligibility");
}
