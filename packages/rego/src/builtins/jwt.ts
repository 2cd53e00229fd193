// io.jwt.decode: splits a JWS compact token into header, payload and hex signature without
// verifying it; plus the token parsing the verifying and signing builtins share.

import { RegoObject, type Value } from "../value/index.js";
import { Base64Error, decodeBase64UrlOpa } from "./gobase64.js";
import { GoJsonError, parseGoJson } from "./gojson.js";
import { builtinError, stringOperand } from "./operands.js";
import type { BuiltinDef } from "./registry.js";

const utf8 = new TextDecoder("utf-8");

/** The three base64url sections of a compact JWS: header, payload, signature. */
export interface CompactToken {
  header: string;
  payload: string;
  signature: string;
}

/** OPA's base64url decoding of a section; errors carry `context` before Go's message. */
export function decodeSection(section: string, context = ""): Uint8Array {
  try {
    return decodeBase64UrlOpa(section);
  } catch (e) {
    if (e instanceof Base64Error) throw builtinError(`${context}${e.message}`);
    throw e;
  }
}

/** OPA's extractJSONObject. */
export function jsonObject(bytes: Uint8Array, context: string): RegoObject {
  let v: Value;
  try {
    v = parseGoJson(utf8.decode(bytes));
  } catch (e) {
    if (e instanceof GoJsonError) throw builtinError(`${context}invalid JSON: ${e.message}`);
    throw e;
  }
  if (!(v instanceof RegoObject)) throw builtinError(`${context}decoded JSON type was not an Object`);
  return v;
}

/** A token operand (operand 1) split into its sections. */
export function splitToken(arg: Value): CompactToken {
  const token = stringOperand(arg, 1);
  if (!token.includes(".")) throw builtinError("encoded JWT had no period separators");
  const parts = token.split(".");
  if (parts.length !== 3) throw builtinError(`encoded JWT must have 3 sections, found ${parts.length}`);
  const [header, payload, signature] = parts as [string, string, string];
  return { header, payload, signature };
}

/** The JOSE header as an object; JWE tokens are not supported. */
export function decodeHeader(token: CompactToken): RegoObject {
  const header = jsonObject(
    decodeSection(token.header, "JWT header had invalid encoding: "),
    "bad JWT header: ",
  );
  if (header.get("enc") !== undefined) throw builtinError("JWT is a JWE object, which is not supported");
  return header;
}

function jwtDecode(arg: Value): Value {
  let token = splitToken(arg);
  // A header with "cty": "JWT" means the payload is itself a (quoted) token: decode that one.
  for (;;) {
    const header = decodeHeader(token);
    const payloadBytes = decodeSection(token.payload, "JWT payload had invalid encoding: ");
    if (header.get("cty") === "JWT") {
      token = splitToken(utf8.decode(payloadBytes).replace(/^["']+|["']+$/g, ""));
      continue;
    }
    const payload = jsonObject(payloadBytes, "");
    const signature = Buffer.from(decodeSection(token.signature, "JWT signature had invalid encoding: "));
    return [header, payload, signature.toString("hex")];
  }
}

export const jwtBuiltins: BuiltinDef[] = [{ name: "io.jwt.decode", arity: 1, impl: ([t]) => jwtDecode(t!) }];
