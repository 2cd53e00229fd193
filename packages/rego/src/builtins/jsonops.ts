// json.filter, json.remove and json.patch. Filter and remove walk the value alongside the tree
// of their paths (see jsonpaths.ts); array elements are addressed by their index as a string.

import { RegoObject, RegoSet, type Value } from "../value/index.js";
import { applyPatch } from "./jsonpatch.js";
import { pathsOperand, pathTree } from "./jsonpaths.js";
import { arrayOperand, objectOperand } from "./operands.js";
import type { BuiltinDef } from "./registry.js";

/** Keeps only what the paths reach; a null leaf keeps the whole value below it. */
function keep(v: Value, tree: Value): Value {
  if (!(tree instanceof RegoObject)) return v;
  if (Array.isArray(v)) {
    const out: Value[] = [];
    v.forEach((x, i) => {
      const t = tree.get(String(i));
      if (t !== undefined) out.push(keep(x, t));
    });
    return out;
  }
  if (v instanceof RegoSet) {
    const out = new RegoSet();
    for (const x of v) {
      const t = tree.get(x);
      if (t !== undefined) out.add(keep(x, t));
    }
    return out;
  }
  if (v instanceof RegoObject) {
    const out = new RegoObject();
    for (const [k, x] of v) {
      const t = tree.get(k);
      if (t !== undefined) out.set(k, keep(x, t));
    }
    return out;
  }
  return v;
}

/** Drops what the paths reach (undefined: all of v); array elements close up. */
function drop(v: Value, tree: Value | undefined): Value | undefined {
  if (tree === undefined) return v;
  if (tree === null) return undefined;
  if (!(tree instanceof RegoObject)) return v;
  if (Array.isArray(v)) {
    const out: Value[] = [];
    v.forEach((x, i) => {
      const kept = drop(x, tree.get(String(i)));
      if (kept !== undefined) out.push(kept);
    });
    return out;
  }
  if (v instanceof RegoSet) {
    const out = new RegoSet();
    for (const x of v) {
      const kept = drop(x, tree.get(x));
      if (kept !== undefined) out.add(kept);
    }
    return out;
  }
  if (v instanceof RegoObject) {
    const out = new RegoObject();
    for (const [k, x] of v) {
      const kept = drop(x, tree.get(k));
      if (kept !== undefined) out.set(k, kept);
    }
    return out;
  }
  return v;
}

export const jsonOpsBuiltins: BuiltinDef[] = [
  {
    name: "json.filter",
    arity: 2,
    impl: ([o, paths]) => {
      const obj = objectOperand(o!, 1);
      return keep(obj, pathTree(pathsOperand(paths!)));
    },
  },
  {
    name: "json.remove",
    arity: 2,
    impl: ([o, paths]) => {
      const obj = objectOperand(o!, 1);
      return drop(obj, pathTree(pathsOperand(paths!)));
    },
  },
  {
    name: "json.patch",
    arity: 2,
    impl: ([doc, ops]) => {
      return applyPatch(doc!, arrayOperand(ops!, 2));
    },
  },
];
