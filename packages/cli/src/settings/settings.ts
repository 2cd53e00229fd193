/**
 * The global settings of one invocation, each from the first place that has it (spec 06):
 * flag, then `JITSUDO_*` environment variable, then the credentials file (server only), then the
 * config file, then the default.
 */
import { join } from "node:path";
import { usageError } from "../errors.js";
import { OUTPUT_FORMATS, type OutputFormat } from "../output/printer.js";
import { type ConfigFile, readConfigFile } from "./config-file.js";
import { jitsudoHome } from "./home.js";

/** The global flags as commander parsed them. */
export interface GlobalFlags {
  server?: string;
  token?: string;
  output?: string;
  quiet?: boolean;
  debug?: boolean;
  config?: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

export interface TlsFiles {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

export interface Settings {
  readonly home: string;
  /** The server from the flag, the environment or the config file; the credentials file is consulted later. */
  readonly explicitServer?: string;
  readonly configServer?: string;
  readonly token?: string;
  readonly output: OutputFormat;
  readonly quiet: boolean;
  readonly debug: boolean;
  readonly tls: TlsFiles;
}

export async function resolveSettings(flags: GlobalFlags, env: NodeJS.ProcessEnv): Promise<Settings> {
  const home = jitsudoHome(env);
  const configPath = flags.config ?? env.JITSUDO_CONFIG;
  const config: ConfigFile = await readConfigFile(
    configPath ?? join(home, "config.yaml"),
    configPath !== undefined,
  );
  return {
    home,
    explicitServer: flags.server ?? nonEmpty(env.JITSUDO_SERVER),
    configServer: config.server,
    token: flags.token ?? nonEmpty(env.JITSUDO_TOKEN),
    output: outputFormat(flags.output ?? nonEmpty(env.JITSUDO_OUTPUT) ?? config.output ?? "table"),
    quiet: flags.quiet === true,
    debug: flags.debug === true || isTruthy(env.JITSUDO_DEBUG),
    tls: {
      caFile: flags.caFile ?? nonEmpty(env.JITSUDO_TLS_CA_FILE) ?? config.tls?.ca_file,
      certFile: flags.certFile ?? nonEmpty(env.JITSUDO_TLS_CERT_FILE) ?? config.tls?.cert_file,
      keyFile: flags.keyFile ?? nonEmpty(env.JITSUDO_TLS_KEY_FILE) ?? config.tls?.key_file,
    },
  };
}

function outputFormat(value: string): OutputFormat {
  const format = value.toLowerCase();
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw usageError(`unknown output format "${value}"`, "use -o table, json or yaml (audit also csv)");
  }
  return format as OutputFormat;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function isTruthy(value: string | undefined): boolean {
  return value !== undefined && !["", "0", "false", "no", "off"].includes(value.toLowerCase());
}
