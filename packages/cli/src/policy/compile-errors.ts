/**
 * The server compiles a policy as `<name>.rego` and reports `policy "<name>" does not compile:
 * <name>.rego:12:5: …; <name>.rego:14:1: …`. On the command line the user's own file is meant,
 * so its path is put in place of `<name>.rego`, one problem per line.
 */
import { CliError } from "../errors.js";

export function compileErrorsFor(detail: string, policyName: string, file: string): string | undefined {
  const prefix = `policy "${policyName}" does not compile: `;
  if (!detail.startsWith(prefix)) return undefined;
  const serverFile = `${policyName}.rego:`;
  const problems = detail.slice(prefix.length).split(`; ${serverFile}`);
  return problems.map((p, i) => (i === 0 ? p : serverFile + p).replace(serverFile, `${file}:`)).join("\n");
}

/** Rethrows the server's `policy_error` with locations in `file`; any other error as it is. */
export function rethrowWithLocations(err: unknown, policyName: string, file: string): never {
  const e = err as { name?: string; code?: string; detail?: unknown };
  if (e.name === "ApiError" && e.code === "policy_error" && typeof e.detail === "string") {
    const located = compileErrorsFor(e.detail, policyName, file);
    if (located !== undefined) throw new CliError(`${file} does not compile\n${located}`);
  }
  throw err;
}
