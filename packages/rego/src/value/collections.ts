// Sets and objects over arbitrary Rego values: hash maps keyed by a structural hash with
// compare-equality, plus a plain Map fast path for string keys (the common case). Iteration is in
// OPA's sorted key order, cached until the next insertion.
import { compareValues, hashValue, valuesEqual } from "./compare.js";
import type { Value } from "./types.js";

/** Insertion-ordered storage of key/value pairs with value-equality on keys. */
class ValueTable<V> {
  private strs: Map<string, V> | undefined;
  private others: Map<number, [Value, V][]> | undefined;
  private count = 0;
  private sortedKeys: Value[] | undefined;
  private hashCache: number | undefined;

  get size(): number {
    return this.count;
  }

  get(k: Value): V | undefined {
    if (typeof k === "string") return this.strs?.get(k);
    const bucket = this.others?.get(hashValue(k));
    if (bucket === undefined) return undefined;
    for (const e of bucket) if (valuesEqual(e[0], k)) return e[1];
    return undefined;
  }

  has(k: Value): boolean {
    if (typeof k === "string") return this.strs?.has(k) ?? false;
    const bucket = this.others?.get(hashValue(k));
    if (bucket === undefined) return false;
    for (const e of bucket) if (valuesEqual(e[0], k)) return true;
    return false;
  }

  /** Sets k to v; returns true when k was new. */
  set(k: Value, v: V): boolean {
    if (typeof k === "string") {
      let m = this.strs;
      if (m === undefined) {
        m = new Map();
        this.strs = m;
      }
      const before = m.size;
      m.set(k, v);
      this.hashCache = undefined;
      if (m.size === before) return false;
      this.count++;
      this.sortedKeys = undefined;
      return true;
    }
    let o = this.others;
    if (o === undefined) {
      o = new Map();
      this.others = o;
    }
    const h = hashValue(k);
    const bucket = o.get(h);
    this.hashCache = undefined;
    if (bucket === undefined) {
      o.set(h, [[k, v]]);
    } else {
      for (const e of bucket) {
        if (valuesEqual(e[0], k)) {
          e[1] = v;
          return false;
        }
      }
      bucket.push([k, v]);
    }
    this.count++;
    this.sortedKeys = undefined;
    return true;
  }

  delete(k: Value): boolean {
    let removed = false;
    if (typeof k === "string") {
      removed = this.strs?.delete(k) ?? false;
    } else {
      const h = hashValue(k);
      const bucket = this.others?.get(h);
      const i = bucket?.findIndex((e) => valuesEqual(e[0], k)) ?? -1;
      if (bucket !== undefined && i >= 0) {
        bucket.splice(i, 1);
        if (bucket.length === 0) this.others?.delete(h);
        removed = true;
      }
    }
    if (removed) {
      this.count--;
      this.sortedKeys = undefined;
      this.hashCache = undefined;
    }
    return removed;
  }

  keys(): readonly Value[] {
    let ks = this.sortedKeys;
    if (ks === undefined) {
      ks = [];
      if (this.others !== undefined) for (const b of this.others.values()) for (const e of b) ks.push(e[0]);
      if (this.strs !== undefined) for (const k of this.strs.keys()) ks.push(k);
      ks.sort(compareValues);
      this.sortedKeys = ks;
    }
    return ks;
  }

  /** An order-independent hash of the contents (valueHash of each value, or 0 for sets). */
  hash(valueHash: (v: V) => number): number {
    let h = this.hashCache;
    if (h === undefined) {
      h = 0;
      if (this.strs !== undefined)
        for (const [k, v] of this.strs) h = (h + Math.imul(hashValue(k), 31) + valueHash(v)) | 0;
      if (this.others !== undefined)
        for (const b of this.others.values())
          for (const [k, v] of b) h = (h + Math.imul(hashValue(k), 31) + valueHash(v)) | 0;
      this.hashCache = h;
    }
    return h;
  }
}

export class RegoSet {
  private readonly table = new ValueTable<true>();

  static of(...vs: Value[]): RegoSet {
    const s = new RegoSet();
    for (const v of vs) s.add(v);
    return s;
  }

  static from(vs: Iterable<Value>): RegoSet {
    const s = new RegoSet();
    for (const v of vs) s.add(v);
    return s;
  }

  get size(): number {
    return this.table.size;
  }

  /** Adds v; returns true when it was not already a member. */
  add(v: Value): boolean {
    return this.table.set(v, true);
  }

  delete(v: Value): boolean {
    return this.table.delete(v);
  }

  has(v: Value): boolean {
    return this.table.has(v);
  }

  /** Members in OPA's sorted order (a cached array: do not mutate). */
  values(): readonly Value[] {
    return this.table.keys();
  }

  [Symbol.iterator](): Iterator<Value> {
    return this.table.keys()[Symbol.iterator]();
  }

  hash(): number {
    return this.table.hash(() => 0);
  }
}

export class RegoObject {
  private readonly table = new ValueTable<Value>();

  static fromEntries(entries: Iterable<readonly [Value, Value]>): RegoObject {
    const o = new RegoObject();
    for (const [k, v] of entries) o.set(k, v);
    return o;
  }

  get size(): number {
    return this.table.size;
  }

  get(k: Value): Value | undefined {
    return this.table.get(k);
  }

  has(k: Value): boolean {
    return this.table.has(k);
  }

  /** Sets k to v; returns true when k was new. */
  set(k: Value, v: Value): boolean {
    return this.table.set(k, v);
  }

  delete(k: Value): boolean {
    return this.table.delete(k);
  }

  /** Keys in OPA's sorted order (a cached array: do not mutate). */
  keys(): readonly Value[] {
    return this.table.keys();
  }

  *values(): IterableIterator<Value> {
    for (const k of this.table.keys()) yield this.table.get(k) as Value;
  }

  *entries(): IterableIterator<[Value, Value]> {
    for (const k of this.table.keys()) yield [k, this.table.get(k) as Value];
  }

  [Symbol.iterator](): IterableIterator<[Value, Value]> {
    return this.entries();
  }

  hash(): number {
    return this.table.hash(hashValue);
  }
}
