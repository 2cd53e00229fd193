/** Where a configuration value came from, when it is known. */
export type ProblemSource =
  | { readonly file: string; readonly line: number; readonly column: number }
  | { readonly env: string };

export interface ConfigProblem {
  /** The key as written in YAML, e.g. `providers.aws.role_arn_template` or `notifications.webhooks[0].url`; `""` for the file as a whole. */
  readonly path: string;
  /** What is wrong and, where possible, how to fix it. Never contains a secret. */
  readonly message: string;
  readonly source?: ProblemSource;
}

/** Every problem of a configuration, listed together, so that one run shows all there is to fix. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly problems: readonly ConfigProblem[];
  /** Collected on the way (e.g. unknown `JITSUDOD_*` variables): often the cause of a problem. */
  readonly warnings: readonly string[];

  constructor(problems: readonly ConfigProblem[], warnings: readonly string[] = []) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const lines = [
      `invalid jitsudod configuration (${count}):`,
      ...problems.map((problem) => `  ${formatProblem(problem)}`),
      ...(warnings.length > 0 ? ["warnings:", ...warnings.map((warning) => `  ${warning}`)] : []),
    ];
    super(lines.join("\n"));
    this.problems = problems;
    this.warnings = warnings;
  }

  /** One line per problem: `<key>: <message> (<where it came from>)`. */
  format(): string {
    return this.problems.map(formatProblem).join("\n");
  }
}

function formatProblem(problem: ConfigProblem): string {
  const source = problem.source;
  if (source === undefined)
    return problem.path === "" ? problem.message : `${problem.path}: ${problem.message}`;
  if ("env" in source) return `${problem.path}: ${problem.message} (from ${source.env})`;
  const position = `${source.file}:${source.line}:${source.column}`;
  return problem.path === ""
    ? `${position}: ${problem.message}`
    : `${problem.path}: ${problem.message} (at ${position})`;
}
