// bits.* on exact integers (Go big.Int semantics: two's complement for negatives).
import { RegoNumber, type Value } from "../value/index.js";
import { bigIntOperand } from "./arithmetic.js";
import { type BuiltinDef, BuiltinError } from "./registry.js";

const binary = (name: string, op: (a: bigint, b: bigint) => bigint): BuiltinDef => ({
  name,
  arity: 2,
  impl: (args) => RegoNumber.fromInt(op(bigIntOperand(args[0]!, 1), bigIntOperand(args[1]!, 2))),
});

// Shifting further than this would build numbers of absurd size.
const MAX_SHIFT = 1_000_000n;

function shiftOperand(v: Value, pos: number): bigint {
  const n = bigIntOperand(v, pos);
  if (n < 0n)
    throw new BuiltinError(
      "eval_type_error",
      `operand ${pos} must be an unsigned integer number but got a negative integer`,
    );
  if (n > MAX_SHIFT) throw new BuiltinError("eval_builtin_error", `shift count too large: ${n}`);
  return n;
}

const shift = (name: string, op: (a: bigint, b: bigint) => bigint): BuiltinDef => ({
  name,
  arity: 2,
  impl: (args) => RegoNumber.fromInt(op(bigIntOperand(args[0]!, 1), shiftOperand(args[1]!, 2))),
});

export const bitsBuiltins: BuiltinDef[] = [
  binary("bits.and", (a, b) => a & b),
  binary("bits.or", (a, b) => a | b),
  binary("bits.xor", (a, b) => a ^ b),
  { name: "bits.negate", arity: 1, impl: (args) => RegoNumber.fromInt(~bigIntOperand(args[0]!, 1)) },
  shift("bits.lsh", (a, b) => a << b),
  shift("bits.rsh", (a, b) => a >> b),
];
