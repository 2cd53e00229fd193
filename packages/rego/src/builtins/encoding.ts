// Encoding builtins with Go's behaviour: json.*, base64.*, base64url.*, urlquery.*, yaml.*, hex.*.
// Decoded bytes become strings as UTF-8 (invalid sequences turn into U+FFFD).

import { formatValue, RegoObject, RegoSet, toJSONText, type Value } from "../value/index.js";
import {
  Base64Error,
  decodeBase64Go,
  decodeBase64UrlOpa,
  encodeBase64,
  isValidBase64Go,
} from "./gobase64.js";
import { GoJsonError, indentGoJson, isValidGoJson, parseGoJson } from "./gojson.js";
import { asBuiltinError, builtinError, stringOperand, typeError } from "./operands.js";
import { type BuiltinDef, operandTypeError } from "./registry.js";
import { encodeQuery, parseQuery, queryEscape, queryUnescape, UrlEscapeError } from "./urlquery.js";
import { isValidYaml, parseYaml, stringifyYaml, YamlError } from "./yamlcodec.js";

const utf8 = new TextDecoder("utf-8");

function bytesOf(s: string): Uint8Array {
  return Buffer.from(s, "utf8");
}

/** How a non-string object key appears once OPA converts a value to JSON: its JSON text. */
function jsonKeyText(k: Value): string {
  return typeof k === "string" ? k : toJSONText(k);
}

// ---------------------------------------------------------------------------------------------
// json

interface MarshalOptions {
  pretty: boolean;
  prefix: string;
  indent: string;
}

/** OPA's json.marshal_with_options option object; wrong keys or types are operand errors. */
function marshalOptions(v: Value): MarshalOptions {
  if (!(v instanceof RegoObject)) throw operandTypeError(2, "object", v);
  let prefix = "";
  let indent = "\t";
  let implicitPretty = false;
  let explicitPretty: boolean | undefined;
  let idx = 0;
  for (const [k, val] of v.entries()) {
    if (typeof k !== "string") {
      throw typeError(
        `operand 2 failed to stringify key ${formatValue(k)} at index ${idx}: ${operandTypeError(idx, "string", k).message}`,
      );
    }
    switch (k) {
      case "prefix":
      case "indent":
        if (typeof val !== "string") {
          throw typeError(
            `operand 2 key ${JSON.stringify(k)} failed cast to string: ${operandTypeError(idx, "string", val).message}`,
          );
        }
        if (k === "prefix") prefix = val;
        else indent = val;
        implicitPretty = true;
        break;
      case "pretty":
        if (typeof val !== "boolean")
          throw typeError(`operand 2 key ${JSON.stringify(k)} failed cast to bool`);
        explicitPretty = val;
        break;
      default:
        throw typeError(`operand 2 object contained unknown key ${JSON.stringify(k)}`);
    }
    idx++;
  }
  return { pretty: explicitPretty ?? implicitPretty, prefix, indent };
}

function marshalWithOptions(x: Value, opts: Value): string {
  const { pretty, prefix, indent } = marshalOptions(opts);
  const compact = toJSONText(x);
  // Go's MarshalIndent does not prefix the first line; OPA adds it.
  return pretty ? prefix + indentGoJson(compact, prefix, indent) : compact;
}

const jsonBuiltins: BuiltinDef[] = [
  { name: "json.marshal", arity: 1, impl: ([x]) => toJSONText(x!) },
  { name: "json.marshal_with_options", arity: 2, impl: ([x, opts]) => marshalWithOptions(x!, opts!) },
  {
    name: "json.unmarshal",
    arity: 1,
    impl: ([s]) => {
      const text = stringOperand(s!, 1);
      return asBuiltinError(GoJsonError, () => parseGoJson(text));
    },
  },
  { name: "json.is_valid", arity: 1, impl: ([s]) => typeof s === "string" && isValidGoJson(s) },
];

// ---------------------------------------------------------------------------------------------
// base64, base64url, hex

const base64Builtins: BuiltinDef[] = [
  {
    name: "base64.encode",
    arity: 1,
    impl: ([s]) => encodeBase64(bytesOf(stringOperand(s!, 1)), "std", true),
  },
  {
    name: "base64.decode",
    arity: 1,
    impl: ([s]) => {
      const text = stringOperand(s!, 1);
      return utf8.decode(asBuiltinError(Base64Error, () => decodeBase64Go(text, "std")));
    },
  },
  { name: "base64.is_valid", arity: 1, impl: ([s]) => typeof s === "string" && isValidBase64Go(s) },
  {
    name: "base64url.encode",
    arity: 1,
    impl: ([s]) => encodeBase64(bytesOf(stringOperand(s!, 1)), "url", true),
  },
  {
    name: "base64url.encode_no_pad",
    arity: 1,
    impl: ([s]) => encodeBase64(bytesOf(stringOperand(s!, 1)), "url", false),
  },
  {
    name: "base64url.decode",
    arity: 1,
    impl: ([s]) => {
      const text = stringOperand(s!, 1);
      return utf8.decode(asBuiltinError(Base64Error, () => decodeBase64UrlOpa(text)));
    },
  },
];

/** Go's %#U of a byte taken as a rune: "U+0067 'g'" (the character only when printable). */
function goRuneDescription(b: number): string {
  const code = `U+${b.toString(16).toUpperCase().padStart(4, "0")}`;
  const printable = (b >= 0x20 && b < 0x7f) || (b >= 0xa1 && b !== 0xad);
  return printable ? `${code} '${String.fromCharCode(b)}'` : code;
}

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x61 + 10;
  if (b >= 0x41 && b <= 0x46) return b - 0x41 + 10;
  return -1;
}

/** Go's hex.DecodeString, with its error texts. */
function hexDecode(text: string): string {
  const src = bytesOf(text);
  const out = new Uint8Array(src.length >> 1);
  const invalid = (b: number) => builtinError(`encoding/hex: invalid byte: ${goRuneDescription(b)}`);
  let i = 0;
  for (; i + 1 < src.length; i += 2) {
    const hi = hexValue(src[i]!);
    const lo = hexValue(src[i + 1]!);
    if (hi < 0) throw invalid(src[i]!);
    if (lo < 0) throw invalid(src[i + 1]!);
    out[i >> 1] = (hi << 4) | lo;
  }
  if (src.length % 2 === 1) {
    // An invalid character is the earlier problem, so it is reported before the odd length.
    if (hexValue(src[i]!) < 0) throw invalid(src[i]!);
    throw builtinError("encoding/hex: odd length hex string");
  }
  return utf8.decode(out);
}

const hexBuiltins: BuiltinDef[] = [
  { name: "hex.encode", arity: 1, impl: ([s]) => Buffer.from(stringOperand(s!, 1), "utf8").toString("hex") },
  { name: "hex.decode", arity: 1, impl: ([s]) => hexDecode(stringOperand(s!, 1)) },
];

// ---------------------------------------------------------------------------------------------
// urlquery

const ENCODE_OBJECT_VALUES = "operand 1 values must be string, array[string], or set[string]";

function encodeObject(v: Value): string {
  if (!(v instanceof RegoObject)) throw operandTypeError(1, "object", v);
  const params = new Map<string, string[]>();
  for (const [k, x] of v.entries()) {
    let values: string[];
    if (typeof x === "string") values = [x];
    else if (Array.isArray(x) || x instanceof RegoSet) {
      values = [];
      for (const item of x) {
        if (typeof item !== "string") throw typeError(ENCODE_OBJECT_VALUES);
        values.push(item);
      }
    } else throw typeError(ENCODE_OBJECT_VALUES);
    params.set(jsonKeyText(k), values);
  }
  return encodeQuery(params);
}

function decodeObject(v: Value): Value {
  const text = stringOperand(v, 1);
  const params = asBuiltinError(UrlEscapeError, () => parseQuery(text));
  return RegoObject.fromEntries([...params].map(([k, values]): [Value, Value] => [k, values]));
}

const urlqueryBuiltins: BuiltinDef[] = [
  { name: "urlquery.encode", arity: 1, impl: ([s]) => queryEscape(stringOperand(s!, 1)) },
  {
    name: "urlquery.decode",
    arity: 1,
    impl: ([s]) => {
      const text = stringOperand(s!, 1);
      return asBuiltinError(UrlEscapeError, () => queryUnescape(text));
    },
  },
  { name: "urlquery.encode_object", arity: 1, impl: ([o]) => encodeObject(o!) },
  { name: "urlquery.decode_object", arity: 1, impl: ([s]) => decodeObject(s!) },
];

// ---------------------------------------------------------------------------------------------
// yaml

const yamlBuiltins: BuiltinDef[] = [
  { name: "yaml.marshal", arity: 1, impl: ([x]) => stringifyYaml(x!, jsonKeyText) },
  {
    name: "yaml.unmarshal",
    arity: 1,
    impl: ([s]) => {
      const text = stringOperand(s!, 1);
      return asBuiltinError(YamlError, () => parseYaml(text));
    },
  },
  { name: "yaml.is_valid", arity: 1, impl: ([s]) => typeof s === "string" && isValidYaml(s) },
];

export const encodingBuiltins: BuiltinDef[] = [
  ...jsonBuiltins,
  ...base64Builtins,
  ...hexBuiltins,
  ...urlqueryBuiltins,
  ...yamlBuiltins,
];
