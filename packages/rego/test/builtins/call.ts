// Calls a registered builtin directly, as the evaluator would.
import "../../src/builtins/index.js";
import { type BuiltinContext, BuiltinError, lookupBuiltin } from "../../src/builtins/registry.js";
import { fromJSON, RegoNumber, RegoObject, RegoSet, type Value } from "../../src/value/index.js";

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

function invoke(name: string, args: Value[], context: BuiltinContext): Value | undefined {
  const def = lookupBuiltin(name);
  if (def === undefined) throw new Error(`no builtin ${name}`);
  if (def.arity !== args.length) throw new Error(`${name} takes ${def.arity} arguments`);
  return def.impl(args, context);
}

function failureOf(name: string, run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (e) {
    if (e instanceof BuiltinError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error(`${name} did not fail`);
}

const ctx = testContext();

export function call(name: string, ...args: Value[]): Value | undefined {
  return invoke(name, args, ctx);
}

/** The code and message of the BuiltinError a call raises. */
export function failure(name: string, ...args: Value[]): { code: string; message: string } {
  return failureOf(name, () => invoke(name, args, ctx));
}

/** The failure of a call as one line, `<code>: <message>`, the way OPA reports it. */
export function failureText(name: string, ...args: Value[]): string {
  const f = failure(name, ...args);
  return `${f.code}: ${f.message}`;
}

/** Values as plain data with exact numbers: integers as bigint, other numbers as their text. */
export function plain(v: Value): unknown {
  if (v instanceof RegoNumber) return v.isInteger() ? v.toBigInt() : v.toString();
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof RegoSet) return [...v].map(plain);
  if (v instanceof RegoObject)
    return Object.fromEntries([...v.entries()].map(([k, x]) => [String(k), plain(x)]));
  return v;
}

/** `call` and `failure` in `context`, answering plain data (see `plain`). */
export function plainCalls(context: BuiltinContext = testContext()) {
  return {
    call: (name: string, ...args: Value[]): unknown => {
      const out = invoke(name, args, context);
      return out === undefined ? undefined : plain(out);
    },
    failure: (name: string, ...args: Value[]) => failureOf(name, () => invoke(name, args, context)),
  };
}

/** Shorthand: JSON values as Rego values, with decimal strings prefixed "#" as numbers. */
export function v(x: unknown): Value {
  if (typeof x === "string" && x.startsWith("#")) return RegoNumber.fromText(x.slice(1));
  return fromJSON(x);
}
