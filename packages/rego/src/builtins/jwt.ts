// io.jwt.decode: splits a JWS compact token into header, payload and hex signature without
// verifying it. Signature verification builtins are out of scope.

import { RegoObject, type Value } from "../value/index.js";
import { Base64Error, decodeBase64UrlOpa } from "./gobase64.js";
import { GoJsonError, parseGoJson } from "./gojson.js";
import { builtinError, stringOperand } from "./operands.js";
import type { BuiltinDef } from "./registry.js";

const utf8 = new TextDecoder("utf-8");

function decodeSection(section: string, what: string): Uint8Array {
  try {
    return decodeBase64UrlOpa(section);
  } catch (e) {
    if (e instanceof Base64Error) throw builtinError(`JWT ${what} had invalid encoding: ${e.message}`);
    throw e;
  }
}

/** OPA's extractJSONObject. */
function jsonObject(bytes: Uint8Array, context: string): RegoObject {
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

function splitToken(token: string): [string, string, string] {
  if (!token.includes(".")) throw builtinError("encoded JWT had no period separators");
  const parts = token.split(".");
  if (parts.length !== 3) throw builtinError(`encoded JWT must have 3 sections, found ${parts.length}`);
  return parts as [string, string, string];
}

function jwtDecode(arg: Value): Value {
  let token = stringOperand(arg, 1);
  // A header with "cty": "JWT" means the payload is itself a (quoted) token: decode that one.
  for (;;) {
    const [h, p, s] = splitToken(token);
    const header = jsonObject(decodeSection(h, "header"), "bad JWT header: ");
    if (header.get("enc") !== undefined) throw builtinError("JWT is a JWE object, which is not supported");
    const payloadBytes = decodeSection(p, "payload");
    if (header.get("cty") === "JWT") {
      token = utf8.decode(payloadBytes).replace(/^["']+|["']+$/g, "");
      continue;
    }
    const payload = jsonObject(payloadBytes, "");
    const signature = Buffer.from(decodeSection(s, "signature")).toString("hex");
    return [header, payload, signature];
  }
}

export const jwtBuiltins: BuiltinDef[] = [{ name: "io.jwt.decode", arity: 1, impl: ([t]) => jwtDecode(t!) }];
