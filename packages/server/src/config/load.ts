/**
 * Loading: defaults < file < environment. Every problem of the file, the environment and the
 * cross-field rules is collected into one `ConfigError`; nothing is built unless there are none.
 */
import { buildServerConfig } from "./build.js";
import { type Env, applyEnv, CONFIG_FILE_ENV, type EnvOverlay } from "./env.js";
import { ConfigError, type ConfigProblem, type ProblemSource } from "./errors.js";
import { type ParsedConfigFile, readConfigFile } from "./file.js";
import { configErrorMap, type Finding, findingsFromIssues } from "./issues.js";
import { formatPath, isMapping, startsWith } from "./paths.js";
import { checkRules, type RunMode } from "./rules.js";
import { configFileSchema } from "./schema.js";
import type { ServerConfig } from "./types.js";

export type { RunMode };

export interface LoadOptions {
  /** `--config`; when absent, `JITSUDOD_CONFIG`; when neither, defaults and environment only. */
  readonly file?: string;
  readonly env: Env;
  readonly mode: RunMode;
}

export interface LoadedConfig {
  readonly config: ServerConfig;
  /** Things worth logging that do not stop start-up, e.g. unknown `JITSUDOD_*` variables. */
  readonly warnings: readonly string[];
  /** The file that was read, if any. */
  readonly file: string | undefined;
}

/** Throws `ConfigError` listing every problem. */
export function loadConfig(options: LoadOptions): LoadedConfig {
  const path = options.file ?? nonEmpty(options.env[CONFIG_FILE_ENV]);
  if (path === undefined) return validate({}, options.env, options.mode);
  const file = readConfigFile(path);
  return validate(file.tree, options.env, options.mode, file);
}

/** Like `loadConfig`, from a tree already read (what `yaml.parse` of a file gives). */
export function parseConfig(tree: unknown, env: Env, mode: RunMode): LoadedConfig {
  if (tree !== undefined && tree !== null && !isMapping(tree)) {
    throw new ConfigError([
      { path: "", message: "the configuration must be a mapping of sections (server:, database:, …)" },
    ]);
  }
  return validate(tree ?? {}, env, mode);
}

function validate(
  tree: Record<string, unknown>,
  env: Env,
  mode: RunMode,
  file?: ParsedConfigFile,
): LoadedConfig {
  const overlay = applyEnv(tree, env);
  const result = configFileSchema.safeParse(overlay.merged, { error: configErrorMap });
  const findings = [
    ...(result.success ? [] : findingsFromIssues(result.error.issues, configFileSchema)),
    ...checkRules(overlay.merged, mode),
  ];
  if (findings.length > 0 || !result.success) {
    const problems = findings.map((finding) => withSource(finding, overlay, file));
    throw new ConfigError(problems.sort(bySection), overlay.warnings);
  }
  return { config: buildServerConfig(result.data), warnings: overlay.warnings, file: file?.file };
}

function withSource(
  finding: Finding,
  overlay: EnvOverlay,
  file: ParsedConfigFile | undefined,
): ConfigProblem {
  const problem = { path: formatPath(finding.path), message: finding.message };
  const source = sourceOf(finding, overlay, file);
  return source === undefined ? problem : { ...problem, source };
}

function sourceOf(
  finding: Finding,
  overlay: EnvOverlay,
  file: ParsedConfigFile | undefined,
): ProblemSource | undefined {
  const fromEnv = overlay.origins.find((origin) => startsWith(finding.path, origin.path));
  if (fromEnv !== undefined) return { env: fromEnv.env };
  const position = file?.locate(finding.path);
  return position === undefined || file === undefined ? undefined : { file: file.file, ...position };
}

/** Problems of one block end up next to each other; within a key, in the order found. */
function bySection(a: ConfigProblem, b: ConfigProblem): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === "" ? undefined : value;
}
