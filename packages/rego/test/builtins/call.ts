// Calls a registered builtin directly, as the evaluator would.
import "../../src/builtins/index.js";
import { type BuiltinContext, BuiltinError, lookupBuiltin } from "../../src/builtins/registry.js";
import { fromJSON, RegoNumber, type Value } from "../../src/value/index.js";

/** A builtin context as the evaluator provides one: strict errors, a fixed clock, no budget. */
export function testContext(overrides: Partial<BuiltinContext> = {}): BuiltinContext {
  return {
    strict: true,
    nowNs: () => 0n,
    cache: new Map(),
    charge: () => {},
    deadline: Infinity,
    ...overrides,
  };
}

const ctx = testContext();

export function call(name: string, ...args: Value[]): Value | undefined {
  const def = lookupBuiltin(name);
  if (def === undefined) throw new Error(`no builtin ${name}`);
  if (def.arity !== args.length) throw new Error(`${name} takes ${def.arity} arguments`);
  return def.impl(args, ctx);
}

/** The code and message of the BuiltinError a call raises. */
export function failure(name: string, ...args: Value[]): { code: string; message: string } {
  try {
    call(name, ...args);
  } catch (e) {
    if (e instanceof BuiltinError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error(`${name} did not fail`);
}

/** Shorthand: JSON values as Rego values, with decimal strings prefixed "#" as numbers. */
export function v(x: unknown): Value {
  if (typeof x === "string" && x.startsWith("#")) return RegoNumber.fromText(x.slice(1));
  return fromJSON(x);
}
