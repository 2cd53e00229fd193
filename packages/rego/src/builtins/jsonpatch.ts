// json.patch: RFC 6902 operations (add, remove, replace, move, copy, test) on any value, with
// OPA's extension to sets (a member is addressed by itself, and added only as its own key) and
// OPA's error texts. Array indexes may be numbers or strings ("-" appends); removing the root
// leaves no document at all, which makes the result undefined.

import { formatValue, RegoNumber, RegoObject, RegoSet, type Value, valuesEqual } from "../value/index.js";
import { atoi64 } from "./goint.js";
import { parsePath, type Path } from "./jsonpaths.js";
import { builtinError } from "./operands.js";

type Doc = Value | undefined; // undefined: the root was removed

/** A path segment's index value, as OPA's Number.Int reads it. */
function parseIndex(text: string): number | undefined {
  const n = atoi64(text);
  return n === undefined ? undefined : Number(n);
}

/** The array index a path segment names; "-" is the end of the array. */
function arrayIndex(length: number, key: Value): number {
  if (typeof key === "string") {
    if (key === "-") return length;
    const i = parseIndex(key);
    if (i === undefined) throw builtinError("invalid string for indexing");
    if (key !== "0" && key.startsWith("0")) throw builtinError("leading zeros are not allowed in JSON paths");
    return i;
  }
  if (key instanceof RegoNumber) {
    const i = parseIndex(key.toString());
    if (i === undefined) throw builtinError("invalid number type for indexing");
    return i;
  }
  throw builtinError("invalid type for indexing");
}

function notComposite(v: Value): Error {
  return builtinError(`expected composite type, found value: ${formatValue(v)}`);
}

/** The child of a composite value at one path segment; an error when there is none. */
function child(v: Value, key: Value): Value {
  if (v instanceof RegoObject) {
    const c = v.get(key);
    if (c === undefined)
      throw builtinError(`path ${formatValue(key)} does not exist in object term ${formatValue(v)}`);
    return c;
  }
  if (v instanceof RegoSet) {
    if (!v.has(key))
      throw builtinError(`path [${formatValue(key)}] does not exist in set term ${formatValue(v)}`);
    return key;
  }
  if (Array.isArray(v)) {
    const i = arrayIndex(v.length, key);
    if (i < 0 || i >= v.length)
      throw builtinError(`path ${i} does not exist in array term ${formatValue(v)}`);
    return v[i]!;
  }
  throw builtinError(`expected composite type for path ${formatValue(key)}, found value: ${formatValue(v)}`);
}

/** v with the child at `key` (which exists) replaced by `value`. */
function withChild(v: Value, key: Value, value: Value): Value {
  if (v instanceof RegoObject) {
    const out = RegoObject.fromEntries(v);
    out.set(key, value);
    return out;
  }
  if (v instanceof RegoSet) {
    const out = RegoSet.from(v);
    out.delete(key);
    out.add(value);
    return out;
  }
  const out = (v as Value[]).slice();
  out[arrayIndex(out.length, key)] = value;
  return out;
}

/** The document with the value at `path` (which must exist) replaced by edit(value). */
function edit(doc: Doc, path: Path, fn: (v: Doc) => Doc): Doc {
  if (path.length === 0) return fn(doc);
  if (doc === undefined) throw builtinError("nil value encountered where composite value was expected");
  const [key, ...rest] = path as [Value, ...Value[]];
  const edited = edit(child(doc, key), rest, fn);
  return withChild(doc, key, edited as Value);
}

function valueAt(doc: Doc, path: Path): Value {
  if (doc === undefined) throw builtinError("nil value encountered where composite value was expected");
  return path.reduce<Value>(child, doc);
}

function insert(parent: Doc, key: Value, value: Value): Value {
  if (parent === undefined) throw builtinError("deleted node encountered during insert operation");
  if (parent instanceof RegoObject) {
    const out = RegoObject.fromEntries(parent);
    out.set(key, value);
    return out;
  }
  if (parent instanceof RegoSet) {
    if (!valuesEqual(key, value))
      throw builtinError(
        `set key ${formatValue(key)} does not equal value to be inserted ${formatValue(value)}`,
      );
    const out = RegoSet.from(parent);
    out.add(value);
    return out;
  }
  if (Array.isArray(parent)) {
    const i = arrayIndex(parent.length, key);
    if (i < 0 || i > parent.length) throw builtinError("index for array insertion out of bounds");
    return [...parent.slice(0, i), value, ...parent.slice(i)];
  }
  throw notComposite(parent);
}

function remove(parent: Doc, key: Value): Value {
  if (parent === undefined) throw builtinError("deleted node encountered during delete operation");
  const missing = () => builtinError(`cannot delete child key ${formatValue(key)} that does not exist`);
  if (parent instanceof RegoObject) {
    if (!parent.has(key)) throw missing();
    const out = RegoObject.fromEntries(parent);
    out.delete(key);
    return out;
  }
  if (parent instanceof RegoSet) {
    if (!parent.has(key)) throw missing();
    const out = RegoSet.from(parent);
    out.delete(key);
    return out;
  }
  if (Array.isArray(parent)) {
    const i = arrayIndex(parent.length, key);
    if (i < 0 || i > parent.length - 1) throw builtinError("index for array delete out of bounds");
    return [...parent.slice(0, i), ...parent.slice(i + 1)];
  }
  throw notComposite(parent);
}

function addAt(doc: Doc, path: Path, value: Value): Doc {
  if (path.length === 0) return value;
  return edit(doc, path.slice(0, -1), (parent) => insert(parent, path[path.length - 1]!, value));
}

function removeAt(doc: Doc, path: Path): Doc {
  if (path.length === 0) {
    if (doc === undefined) throw builtinError("deleted node encountered during delete operation");
    return undefined;
  }
  return edit(doc, path.slice(0, -1), (parent) => remove(parent, path[path.length - 1]!));
}

function attribute(op: RegoObject, name: string): Value {
  const v = op.get(name);
  if (v === undefined) throw builtinError(`missing required attribute '${name}'`);
  return v;
}

function applyOperation(doc: Doc, op: Value): Doc {
  if (!(op instanceof RegoObject))
    throw builtinError("must be an array of JSON-Patch objects, but at least one element is not an object");
  const rawPath = attribute(op, "path");
  const name = attribute(op, "op");
  if (typeof name !== "string")
    throw builtinError(`attribute 'op' must be a string but found: ${formatValue(name)}`);
  const path = parsePath(rawPath);
  const from = () => parsePath(attribute(op, "from"));
  switch (name) {
    case "add":
      return addAt(doc, path, attribute(op, "value"));
    case "remove":
      return removeAt(doc, path);
    case "replace": {
      const removed = removeAt(doc, path);
      return addAt(removed, path, attribute(op, "value"));
    }
    case "move": {
      const source = from();
      const moved = valueAt(doc, source);
      return addAt(removeAt(doc, source), path, moved);
    }
    case "copy": {
      const source = from();
      return addAt(doc, path, valueAt(doc, source));
    }
    case "test": {
      const actual = valueAt(doc, path);
      const expected = attribute(op, "value");
      if (!valuesEqual(actual, expected))
        throw builtinError(
          `value from EditTree != patch value.\n\nExpected: ${formatValue(expected)}\n\nFound: ${formatValue(actual)}`,
        );
      return doc;
    }
    default:
      throw builtinError(`unrecognized op: '${name}'`);
  }
}

/** The document after all operations, or undefined when the root was removed. */
export function applyPatch(doc: Value, operations: readonly Value[]): Value | undefined {
  return operations.reduce<Doc>(applyOperation, doc);
}
