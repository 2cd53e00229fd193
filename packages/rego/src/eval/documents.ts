// Document helpers: lookups into values and the merging of rule outputs into virtual documents.
import type { Location } from "../syntax/ast.js";
import { RegoNumber, RegoObject, RegoSet, type Value, valuesEqual } from "../value/index.js";
import { CONFLICT_OBJECT, RegoEvalError } from "./errors.js";

export function isArrayOrObject(v: Value): boolean {
  return Array.isArray(v) || v instanceof RegoObject || v instanceof RegoSet;
}

export function lookup(v: Value, key: Value): Value | undefined {
  if (Array.isArray(v)) {
    if (!(key instanceof RegoNumber) || !key.isInteger()) return undefined;
    const n = key.toNumber();
    return n >= 0 && n < v.length ? v[n] : undefined;
  }
  if (v instanceof RegoObject) return v.get(key);
  if (v instanceof RegoSet) return v.has(key) ? key : undefined;
  return undefined;
}

export function pathLookup(v: Value | undefined, path: string[]): Value | undefined {
  let cur = v;
  for (const p of path) {
    if (!(cur instanceof RegoObject)) return undefined;
    cur = cur.get(p);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Copy-on-write set of `path` in an object tree (missing levels become objects). */
export function setPath(root: Value | undefined, path: (string | Value)[], value: Value): Value {
  if (path.length === 0) return value;
  const obj =
    root instanceof RegoObject ? RegoObject.fromEntries([...root.entries()]) : RegoObject.fromEntries([]);
  const [head, ...rest] = path;
  obj.set(head as Value, setPath(obj.get(head as Value), rest, value));
  return obj;
}

export function insertAt(obj: RegoObject, keys: Value[], leaf: Value, multi: boolean, loc: Location): void {
  let cur = obj;
  for (let i = 0; i < keys.length - 1; i++) {
    const next = cur.get(keys[i]);
    if (next === undefined) {
      const fresh = RegoObject.fromEntries([]);
      cur.set(keys[i], fresh);
      cur = fresh;
    } else if (next instanceof RegoObject) {
      const copy = RegoObject.fromEntries([...next.entries()]);
      cur.set(keys[i], copy);
      cur = copy;
    } else throw new RegoEvalError("eval_conflict_error", CONFLICT_OBJECT, loc);
  }
  const k = keys[keys.length - 1];
  const prev = cur.get(k);
  if (multi) {
    if (prev === undefined) cur.set(k, RegoSet.of(leaf));
    else if (prev instanceof RegoSet) {
      const copy = RegoSet.of(...prev);
      copy.add(leaf);
      cur.set(k, copy);
    } else throw new RegoEvalError("eval_conflict_error", CONFLICT_OBJECT, loc);
    return;
  }
  if (prev === undefined) {
    cur.set(k, leaf);
    if (leaf instanceof RegoObject) ruleLeaves.add(leaf);
  } else if (!valuesEqual(prev, leaf)) throw new RegoEvalError("eval_conflict_error", CONFLICT_OBJECT, loc);
}

/**
 * Object values that rules produced whole (ref-head leaves): other rules may not inject keys into them.
 * Only identity is recorded, so sharing one set across evaluations is harmless.
 */
const ruleLeaves = new WeakSet<RegoObject>();

export function mergeValues(a: Value, b: Value, loc: Location | undefined): Value {
  if (a instanceof RegoObject && b instanceof RegoObject && !ruleLeaves.has(a)) {
    const out = RegoObject.fromEntries([...a.entries()]);
    for (const [k, v] of b.entries()) {
      const prev = out.get(k);
      out.set(k, prev === undefined ? v : mergeValues(prev, v, loc));
    }
    return out;
  }
  if (a instanceof RegoSet && b instanceof RegoSet) return RegoSet.of(...a, ...b);
  if (valuesEqual(a, b)) return a;
  throw new RegoEvalError("eval_conflict_error", CONFLICT_OBJECT, loc);
}
