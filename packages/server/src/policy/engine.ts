/**
 * The narrow view of a Rego engine the policy service needs. `rego-engine.ts` implements it with
 * `@jitsudo/rego`; keeping the seam here means only that file knows the engine's API.
 */

/** A policy module compiled on its own. */
export interface PolicyProgram {
  /**
   * The value of one rule (e.g. `data.jitsudo.eligibility.allow`) as plain JSON (sets as arrays),
   * or `undefined` when the rule is undefined. Throws on evaluation errors and on timeout.
   */
  evalRule(ref: string, input: unknown, timeoutMs: number): unknown;
}

export interface CompileErrorLocation {
  readonly file: string;
  readonly row: number;
  readonly col: number;
}

/** A module that does not parse or compile; `message` names file, line and column. */
export class PolicyCompileError extends Error {
  override readonly name = "PolicyCompileError";
  constructor(
    message: string,
    readonly location: CompileErrorLocation | undefined,
  ) {
    super(message);
  }
}

export interface PolicyEngine {
  /** Compiles one module named `file` (e.g. `sre.rego`). Throws PolicyCompileError. */
  compile(file: string, source: string): PolicyProgram;
}
