/** `~/.jitsudo/config.yaml` (or `--config`/`JITSUDO_CONFIG`): defaults for the global flags. */
import { readFile } from "node:fs/promises";
import { CliError } from "../errors.js";
import { checkStringMap } from "./string-map.js";

export interface ConfigFile {
  readonly server?: string;
  readonly output?: string;
  readonly tls?: { readonly ca_file?: string; readonly cert_file?: string; readonly key_file?: string };
}

const TOP_KEYS = ["server", "output"] as const;
const TLS_KEYS = ["ca_file", "cert_file", "key_file"] as const;

/** The config file's settings; `{}` when the default file does not exist. A named file must exist. */
export async function readConfigFile(path: string, explicit: boolean): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" && !explicit) return {};
    throw new CliError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  const { parse } = await import("yaml");
  let value: unknown;
  try {
    value = parse(text);
  } catch (err) {
    throw new CliError(`config file ${path} is not valid YAML: ${(err as Error).message}`);
  }
  if (value !== null && (typeof value !== "object" || Array.isArray(value))) {
    throw configError(`${path} must be a mapping of keys to values`);
  }
  const { tls, ...top } = (value ?? {}) as Record<string, unknown>;
  const checkedTop = checkStringMap(top, TOP_KEYS, path);
  if (!checkedTop.ok) throw configError(checkedTop.problem);
  const checkedTls = checkStringMap(tls, TLS_KEYS, `${path}: tls`);
  if (!checkedTls.ok) throw configError(checkedTls.problem);
  return { ...checkedTop.value, ...(tls === undefined ? {} : { tls: checkedTls.value }) };
}

function configError(problem: string): CliError {
  return new CliError(problem, 1, "known keys: server, output, tls.ca_file, tls.cert_file, tls.key_file");
}
