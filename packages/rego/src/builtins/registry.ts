// CONTRACT READY
// The builtin registry: each area file exports its BuiltinDefs, index.ts registers them all,
// and the compiler/evaluator look them up by name.
import { typeName, type Value } from "../value/index.js";

export interface BuiltinContext {
  /** Strict builtin errors (the evaluator applies the semantics; builtins just throw). */
  readonly strict: boolean;
  /** The query's clock, fixed once per query. */
  nowNs(): bigint;
  /** Per-query cache. */
  readonly cache: Map<string, unknown>;
  /** Counts `steps` units of work against the evaluation's budget (throws when it is spent). */
  charge(steps: number): void;
  /** When the evaluation's time budget runs out (epoch milliseconds), for builtins that wait. */
  readonly deadline: number;
}

/** Returns the output, or undefined for "undefined, no error". Throws BuiltinError on errors. */
export type BuiltinImpl = (args: readonly Value[], ctx: BuiltinContext) => Value | undefined;

export interface BuiltinDef {
  /** e.g. "object.get" */
  name: string;
  /** Number of inputs (the optional output operand is extra). */
  arity: number;
  impl: BuiltinImpl;
  /** impl returns an array of outputs (e.g. walk) that the evaluator unifies in turn. */
  relation?: boolean;
  /** e.g. rand.intn, time.now_ns, uuid.rfc4122 */
  nondeterministic?: boolean;
  /** Available in v0 only (all, any, re_match, set_diff, cast_*, net.cidr_overlap). */
  deprecated?: boolean;
  /** Operator form, e.g. "+" for plus, "==" for equal. */
  infix?: string;
}

export type BuiltinErrorCode = "eval_type_error" | "eval_builtin_error";

/** An error raised by a builtin; the message has no "<name>: " prefix (the evaluator adds it). */
export class BuiltinError extends Error {
  constructor(
    readonly code: BuiltinErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "BuiltinError";
  }
}

/** OPA's operand type error: "operand 1 must be array but got object". */
export function operandTypeError(pos: number, expected: string, got: Value): BuiltinError {
  return new BuiltinError("eval_type_error", `operand ${pos} must be ${expected} but got ${typeName(got)}`);
}

const registry = new Map<string, BuiltinDef>();

export function registerBuiltins(defs: readonly BuiltinDef[]): void {
  for (const d of defs) {
    if (registry.has(d.name)) throw new Error(`builtin ${d.name} registered twice`);
    registry.set(d.name, d);
  }
}

export function lookupBuiltin(name: string): BuiltinDef | undefined {
  return registry.get(name);
}

export function allBuiltins(): Iterable<BuiltinDef> {
  return registry.values();
}
