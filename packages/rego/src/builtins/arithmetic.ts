// Arithmetic: exact integers, big.Float-style non-integers (see value/bigfloat.ts), set
// difference through `-`, rounding, numbers.range* and rand.intn.
import { RegoNumber, RegoSet, type Value } from "../value/index.js";
import { builtinError, numberOperand, typeError } from "./operands.js";
import { type BuiltinContext, type BuiltinDef, operandTypeError } from "./registry.js";
import { difference } from "./sets.js";

/** An integer operand as bigint (OPA's BigIntOperand). */
export function bigIntOperand(v: Value, pos: number): bigint {
  const n = numberOperand(v, pos);
  if (!n.isInteger()) throw typeError(`operand ${pos} must be integer number but got floating-point number`);
  return n.toBigInt();
}

const binary = (
  name: string,
  infix: string,
  op: (a: RegoNumber, b: RegoNumber) => RegoNumber,
): BuiltinDef => ({
  name,
  arity: 2,
  infix,
  impl: (args) => op(numberOperand(args[0]!, 1), numberOperand(args[1]!, 2)),
});

function minus(a: Value, b: Value): Value {
  if (a instanceof RegoNumber && b instanceof RegoNumber) return a.sub(b);
  if (a instanceof RegoSet && b instanceof RegoSet) return difference(a, b);
  if (!(a instanceof RegoNumber) && !(a instanceof RegoSet))
    throw operandTypeError(1, "one of {number, set}", a);
  throw operandTypeError(2, a instanceof RegoNumber ? "number" : "set", b);
}

function divide(a: RegoNumber, b: RegoNumber): RegoNumber {
  const q = a.div(b);
  if (q === undefined) throw builtinError("divide by zero");
  return q;
}

function remainder(a: RegoNumber, b: RegoNumber): RegoNumber {
  if (!a.isInteger() || !b.isInteger()) throw builtinError("modulo on floating-point number");
  const r = a.rem(b);
  if (r === undefined) throw builtinError("modulo by zero");
  return r;
}

const unary = (name: string, op: (a: RegoNumber) => RegoNumber): BuiltinDef => ({
  name,
  arity: 1,
  impl: (args) => op(numberOperand(args[0]!, 1)),
});

// Ranges are materialised as arrays; this bounds memory for absurd requests.
const MAX_RANGE = 10_000_000n;

function range(from: bigint, to: bigint, step: bigint, ctx: BuiltinContext): Value[] {
  const span = from <= to ? to - from : from - to;
  // Each element is work against the evaluation budget, so a huge range ends the evaluation.
  ctx.charge(Number(span / step + 1n));
  if (span / step >= MAX_RANGE) throw builtinError(`range too large (more than ${MAX_RANGE} elements)`);
  const out: Value[] = [];
  if (from <= to) for (let i = from; i <= to; i += step) out.push(RegoNumber.fromInt(i));
  else for (let i = from; i >= to; i -= step) out.push(RegoNumber.fromInt(i));
  return out;
}

export const arithmeticBuiltins: BuiltinDef[] = [
  binary("plus", "+", (a, b) => a.add(b)),
  { name: "minus", arity: 2, infix: "-", impl: (args) => minus(args[0]!, args[1]!) },
  binary("mul", "*", (a, b) => a.mul(b)),
  binary("div", "/", divide),
  binary("rem", "%", remainder),
  unary("abs", (a) => a.abs()),
  unary("round", (a) => a.round()),
  unary("ceil", (a) => a.ceil()),
  unary("floor", (a) => a.floor()),
  {
    name: "numbers.range",
    arity: 2,
    impl: (args, ctx) => range(bigIntOperand(args[0]!, 1), bigIntOperand(args[1]!, 2), 1n, ctx),
  },
  {
    name: "numbers.range_step",
    arity: 3,
    impl: (args, ctx) => {
      const from = bigIntOperand(args[0]!, 1);
      const to = bigIntOperand(args[1]!, 2);
      const step = bigIntOperand(args[2]!, 3);
      if (step <= 0n) throw builtinError("step must be a positive integer");
      return range(from, to, step, ctx);
    },
  },
  {
    name: "rand.intn",
    arity: 2,
    nondeterministic: true,
    impl: (args, ctx) => {
      if (typeof args[0] !== "string") throw operandTypeError(1, "string", args[0]!);
      const n = bigIntOperand(args[1]!, 2);
      if (n === 0n) return RegoNumber.fromInt(0);
      const bound = n < 0n ? -n : n;
      // The same (seed, n) yields the same number within one query, as in OPA.
      const key = `rand.intn\u0000${args[0]}\u0000${bound}`;
      let r = ctx.cache.get(key) as RegoNumber | undefined;
      if (r === undefined) {
        r = RegoNumber.fromInt(BigInt(Math.floor(Math.random() * Number(bound))));
        ctx.cache.set(key, r);
      }
      return r;
    },
  },
];
