/**
 * What a command runs with: its settings, its printer, the saved credentials and API clients,
 * each made on first use so that a command pays only for what it touches.
 */
import { readFile } from "node:fs/promises";
import type { JitsudoClient, TlsOptions } from "@jitsudo/client";
import { sessionToken } from "./auth/session.js";
import { CliError, usageError } from "./errors.js";
import { EXIT } from "./exit-codes.js";
import { type OutputFormat, Printer, type Stdio } from "./output/printer.js";
import { type Credentials, readCredentials } from "./settings/credentials.js";
import { normalizeServerUrl } from "./settings/server-url.js";
import type { Settings, TlsFiles } from "./settings/settings.js";
import { CLI_VERSION } from "./version.js";

export class Context {
  readonly printer: Printer;
  #credentials: Promise<Credentials | undefined> | undefined;

  constructor(
    readonly settings: Settings,
    readonly io: Stdio,
    readonly env: NodeJS.ProcessEnv,
    formats: readonly OutputFormat[],
  ) {
    if (!formats.includes(settings.output)) {
      throw usageError(`this command has no ${settings.output} output`, `use -o ${formats.join(", ")}`);
    }
    this.printer = new Printer(settings.output, settings.quiet, io, env);
  }

  credentials(): Promise<Credentials | undefined> {
    this.#credentials ??= readCredentials(this.settings.home);
    return this.#credentials;
  }

  /** The server URL: flag, environment, credentials file, then config file. */
  async serverUrl(override?: string): Promise<string> {
    const url =
      override ??
      this.settings.explicitServer ??
      (await this.credentials())?.server_url ??
      this.settings.configServer;
    if (url === undefined) {
      throw new CliError(
        "no server URL configured",
        EXIT.usage,
        "pass --server <url>, set JITSUDO_SERVER, or log in with jitsudo login --server <url>",
      );
    }
    return normalizeServerUrl(url);
  }

  /** A client that sends the session's token. */
  async client(): Promise<JitsudoClient> {
    const token = this.settings.token ?? (await sessionToken(this.settings.home, await this.credentials()));
    return this.#newClient(await this.serverUrl(), token);
  }

  /** A client without a token, for the unauthenticated endpoints. */
  async anonymousClient(serverOverride?: string): Promise<JitsudoClient> {
    return this.#newClient(await this.serverUrl(serverOverride), undefined);
  }

  async #newClient(baseUrl: string, token: string | undefined): Promise<JitsudoClient> {
    const stderr = this.io.stderr;
    const { JitsudoClient } = await import("@jitsudo/client");
    return new JitsudoClient({
      baseUrl,
      token,
      tls: await readTlsFiles(this.settings.tls),
      userAgent: `jitsudo/${CLI_VERSION}`,
      debug: this.settings.debug
        ? (e) => {
            const outcome = e.status === undefined ? `failed: ${e.error}` : String(e.status);
            stderr.write(`debug: ${e.method} ${e.url} → ${outcome} (${e.ms} ms)\n`);
          }
        : undefined,
    });
  }
}

async function readTlsFiles(files: TlsFiles): Promise<TlsOptions | undefined> {
  if (!files.caFile && !files.certFile && !files.keyFile) return undefined;
  if (Boolean(files.certFile) !== Boolean(files.keyFile)) {
    throw usageError("a client certificate needs both --cert-file and --key-file");
  }
  const read = async (path: string | undefined, flag: string) => {
    if (!path) return undefined;
    try {
      return await readFile(path, "utf8");
    } catch (err) {
      throw new CliError(`cannot read ${flag} ${path}: ${(err as Error).message}`);
    }
  };
  return {
    ca: await read(files.caFile, "--ca-file"),
    cert: await read(files.certFile, "--cert-file"),
    key: await read(files.keyFile, "--key-file"),
  };
}
