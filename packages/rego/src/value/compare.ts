// OPA's total order over values (null < boolean < number < string < array < object < set),
// equality as "compares equal" (so 1 == 1.0), and a structural hash consistent with both.
import { RegoObject, RegoSet } from "./collections.js";
import { RegoNumber } from "./number.js";
import type { TypeName, Value } from "./types.js";

export function typeName(v: Value): TypeName {
  if (v === null) return "null";
  switch (typeof v) {
    case "boolean":
      return "boolean";
    case "string":
      return "string";
  }
  if (v instanceof RegoNumber) return "number";
  if (Array.isArray(v)) return "array";
  if (v instanceof RegoObject) return "object";
  return "set";
}

function rank(v: Value): number {
  if (v === null) return 0;
  switch (typeof v) {
    case "boolean":
      return 1;
    case "string":
      return 3;
  }
  if (v instanceof RegoNumber) return 2;
  if (Array.isArray(v)) return 4;
  if (v instanceof RegoObject) return 5;
  return 6;
}

/** Compares strings by UTF-8 bytes, as Go does (UTF-16 order differs only around surrogates). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (astral code points) sort after U+E000..U+FFFF in UTF-8.
      if (x >= 0xd800 && y >= 0xd800) {
        x = x < 0xe000 ? x + 0x2000 : x - 0x800;
        y = y < 0xe000 ? y + 0x2000 : y - 0x800;
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function compareSequences(a: readonly Value[], b: readonly Value[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function compareObjects(a: RegoObject, b: RegoObject): number {
  const ka = a.keys();
  const kb = b.keys();
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    let c = compareValues(ka[i]!, kb[i]!);
    if (c !== 0) return c;
    c = compareValues(a.get(ka[i]!)!, b.get(kb[i]!)!);
    if (c !== 0) return c;
  }
  return ka.length < kb.length ? -1 : ka.length > kb.length ? 1 : 0;
}

/** OPA's ast.Compare: negative, zero or positive. */
export function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  if (typeof a === "string" && typeof b === "string") return compareStrings(a, b);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 1:
      return a ? 1 : -1; // a !== b, so one is true and the other false
    case 2:
      return (a as RegoNumber).compare(b as RegoNumber);
    case 4:
      return compareSequences(a as Value[], b as Value[]);
    case 5:
      return compareObjects(a as RegoObject, b as RegoObject);
    case 6:
      return compareSequences((a as RegoSet).values(), (b as RegoSet).values());
  }
  return 0;
}

export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (a instanceof RegoNumber) return b instanceof RegoNumber && a.equals(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i]!, b[i]!)) return false;
    return true;
  }
  if (a instanceof RegoObject) {
    if (!(b instanceof RegoObject) || a.size !== b.size || a.hash() !== b.hash()) return false;
    for (const k of a.keys()) {
      const w = b.get(k);
      if (w === undefined || !valuesEqual(a.get(k)!, w)) return false;
    }
    return true;
  }
  if (!(b instanceof RegoSet) || a.size !== b.size || a.hash() !== b.hash()) return false;
  for (const v of a) if (!b.has(v)) return false;
  return true;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h | 0;
}

/** A 32-bit structural hash; equal values (by valuesEqual) hash alike. */
export function hashValue(v: Value): number {
  if (v === null) return 0x5bd1e995;
  switch (typeof v) {
    case "boolean":
      return v ? 0x1234567 : 0x7654321;
    case "string":
      return hashString(v);
  }
  if (v instanceof RegoNumber) return v.hash();
  if (Array.isArray(v)) {
    let h = 0x3c6ef372;
    for (const x of v) h = (Math.imul(h, 31) + hashValue(x)) | 0;
    return h;
  }
  return (v.hash() ^ (v instanceof RegoSet ? 0x27d4eb2f : 0x165667b1)) | 0;
}
