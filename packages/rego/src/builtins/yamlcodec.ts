// YAML for yaml.marshal / yaml.unmarshal / yaml.is_valid, shaped after OPA's use of
// sigs.k8s.io/yaml (go-yaml v2, YAML 1.1): "yes"/"on" are booleans, timestamps stay strings,
// only the first document counts, duplicate keys keep the last value, and errors read
// "yaml: line N: …".

import {
  Document,
  type DocumentOptions,
  Pair,
  type ParseOptions,
  parseAllDocuments,
  Scalar,
  type SchemaOptions,
  YAMLMap,
  YAMLSeq,
} from "yaml";
import { RegoNumber, RegoObject, RegoSet, type Value } from "../value/index.js";

export class YamlError extends Error {}

const TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp";

const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: "1.1",
  intAsBigInt: true,
  uniqueKeys: false,
  // go-yaml v2 decodes timestamps into interface{} as plain strings.
  customTags: (tags) => tags.filter((t) => typeof t === "string" || t.tag !== TIMESTAMP_TAG),
};

/** go-yaml's wording for the errors policies most often hit; other messages are passed through. */
function goYamlMessage(code: string, message: string): string {
  const text = message.replace(/ at line \d+, column \d+:[\s\S]*$/, "");
  if (code === "MISSING_CHAR" || code === "BAD_INDENT") {
    if (/flow sequence/i.test(text)) return "did not find expected ',' or ']'";
    if (/flow map/i.test(text)) return "did not find expected ',' or '}'";
  }
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function firstDocument(text: string): Document.Parsed | undefined {
  const docs = parseAllDocuments(text, PARSE_OPTIONS);
  if (!Array.isArray(docs)) {
    // An empty stream parses to an EmptyStream: like go-yaml, that is null.
    return undefined;
  }
  const doc = docs[0];
  const err = doc?.errors[0];
  if (err)
    throw new YamlError(`yaml: line ${err.linePos?.[0].line ?? 1}: ${goYamlMessage(err.code, err.message)}`);
  return doc;
}

function fromYamlJs(x: unknown): Value {
  if (x === null || x === undefined) return null;
  if (typeof x === "boolean" || typeof x === "string") return x;
  if (typeof x === "bigint") return RegoNumber.fromInt(x);
  if (typeof x === "number") {
    if (!Number.isFinite(x))
      throw new YamlError(`json: unsupported value: ${x > 0 ? "+Inf" : x < 0 ? "-Inf" : "NaN"}`);
    return Number.isInteger(x) && Number.isSafeInteger(x) ? RegoNumber.fromInt(x) : RegoNumber.fromFloat(x);
  }
  if (x instanceof Uint8Array) return Buffer.from(x).toString("utf8");
  if (Array.isArray(x) || x instanceof Set) return [...x].map(fromYamlJs);
  const entries = x instanceof Map ? [...x.entries()] : Object.entries(x as object);
  const obj = RegoObject.fromEntries([]);
  for (const [k, v] of entries) obj.set(typeof k === "string" ? k : String(k), fromYamlJs(v));
  return obj;
}

/** Parses the first YAML document into a value; throws YamlError. */
export function parseYaml(text: string): Value {
  const doc = firstDocument(text);
  if (!doc) return null;
  return fromYamlJs(doc.toJS({ maxAliasCount: 100 }));
}

export function isValidYaml(text: string): boolean {
  try {
    firstDocument(text);
    return true;
  } catch (e) {
    if (e instanceof YamlError) return false;
    throw e;
  }
}

/** A value as YAML nodes: objects as maps in key order, sets as sequences, exact integers as bigint. */
function toYamlNode(v: Value, keyText: (k: Value) => string): unknown {
  if (v === null || typeof v === "boolean" || typeof v === "string") return new Scalar(v);
  if (v instanceof RegoNumber) {
    if (!v.isInteger()) return new Scalar(v.toNumber());
    const i = v.toBigInt();
    const safe = i >= BigInt(Number.MIN_SAFE_INTEGER) && i <= BigInt(Number.MAX_SAFE_INTEGER);
    return new Scalar(safe ? Number(i) : i);
  }
  if (Array.isArray(v) || v instanceof RegoSet) {
    const seq = new YAMLSeq();
    for (const x of v) seq.items.push(toYamlNode(x, keyText));
    return seq;
  }
  const map = new YAMLMap();
  for (const [k, x] of v.entries()) map.items.push(new Pair(new Scalar(keyText(k)), toYamlNode(x, keyText)));
  return map;
}

/** YAML text of a value in go-yaml v2's block style (sequences not indented under keys). */
export function stringifyYaml(v: Value, keyText: (k: Value) => string): string {
  const doc = new Document(null, { version: "1.1" });
  doc.contents = toYamlNode(v, keyText) as Document["contents"];
  return doc.toString({ indentSeq: false });
}
