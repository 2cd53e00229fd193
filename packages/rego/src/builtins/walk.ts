// walk(x, [path, value]): every node of x, pre-order, children in sorted key order.
import { RegoNumber, RegoObject, RegoSet, type Value } from "../value/index.js";
import type { BuiltinDef } from "./registry.js";

function visit(path: Value[], v: Value, out: Value[]): void {
  out.push([path, v]);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) visit([...path, RegoNumber.fromInt(i)], v[i]!, out);
  } else if (v instanceof RegoObject) {
    for (const [k, x] of v) visit([...path, k], x, out);
  } else if (v instanceof RegoSet) {
    for (const x of v) visit([...path, x], x, out);
  }
}

export const walkBuiltins: BuiltinDef[] = [
  {
    name: "walk",
    arity: 1,
    relation: true,
    impl: (args) => {
      const out: Value[] = [];
      visit([], args[0]!, out);
      return out;
    },
  },
];
