// Operand checks shared by the encoding, time, crypto, JWT, net and string builtins, worded as
// OPA's builtins.*Operand helpers word them.

import { RegoNumber, RegoObject, type RegoSet, typeName, type Value } from "../value/index.js";
import { BuiltinError, operandTypeError } from "./registry.js";

export function stringOperand(v: Value, pos: number): string {
  if (typeof v !== "string") throw operandTypeError(pos, "string", v);
  return v;
}

export function objectOperand(v: Value, pos: number): RegoObject {
  if (!(v instanceof RegoObject)) throw operandTypeError(pos, "object", v);
  return v;
}

export function arrayOperand(v: Value, pos: number): Value[] {
  if (!Array.isArray(v)) throw operandTypeError(pos, "array", v);
  return v;
}

/** The strings of an array or set (OPA's StringSliceOperand). */
export function stringElements(coll: Value[] | RegoSet, pos: number): string[] {
  const out: string[] = [];
  for (const x of coll) {
    if (typeof x !== "string") {
      const kind = typeName(coll);
      throw typeError(`operand ${pos} must be ${kind} of strings but got ${kind} containing ${typeName(x)}`);
    }
    out.push(x);
  }
  return out;
}

export function numberOperand(v: Value, pos: number): RegoNumber {
  if (!(v instanceof RegoNumber)) throw operandTypeError(pos, "number", v);
  return v;
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** The integer value of an int64 number operand, or undefined when it is not one. */
export function int64Of(n: RegoNumber): bigint | undefined {
  if (!n.isInteger()) return undefined;
  const i = n.toBigInt();
  return i < INT64_MIN || i > INT64_MAX ? undefined : i;
}

/** OPA's IntOperand: a number that is an integer. */
export function intOperand(v: Value, pos: number): number {
  const i = int64Of(numberOperand(v, pos));
  if (i === undefined) throw typeError(`operand ${pos} must be integer number but got floating-point number`);
  return Number(i);
}

export function builtinError(message: string): BuiltinError {
  return new BuiltinError("eval_builtin_error", message);
}

export function typeError(message: string): BuiltinError {
  return new BuiltinError("eval_type_error", message);
}

/** Runs `fn`, turning an error of class `cls` into an eval_builtin_error with the same message. */
export function asBuiltinError<T>(cls: abstract new (...args: never[]) => Error, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof cls) throw builtinError(e.message);
    throw e;
  }
}
