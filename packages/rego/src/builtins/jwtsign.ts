// io.jwt.encode_sign and io.jwt.encode_sign_raw: a compact JWS signed with the first key of a
// JWK (set). The header is used byte for byte as given (encode_sign marshals its objects as Go's
// encoding/json would), so only "alg" and "typ" are read from it.

import { toJSONText, type Value } from "../value/index.js";
import { encodeBase64 } from "./gobase64.js";
import { isValidGoJson } from "./gojson.js";
import { JwkError, parseJwks } from "./jwk.js";
import { isJwsAlgorithm, JwsSignError, signJws } from "./jws.js";
import { builtinError, stringOperand } from "./operands.js";
import type { BuiltinDef } from "./registry.js";

/**
 * A top-level string field of the header as jwx reads it (with fastjson): a header that fails
 * to parse is an error, one that parses but has no such string field has no value.
 */
function headerString(header: string, name: string): string | undefined {
  const text = header.trim();
  if (text === "") throw new Error("cannot parse JSON: cannot parse empty string");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    // fastjson reads any run of number characters (or inf/nan) as a number, so "e" parses
    if (/^(?:[0-9.eE+-]+|[+-]?(?:inf|nan))$/i.test(text)) return undefined;
    throw new Error(`cannot parse JSON: ${(e as Error).message}`);
  }
  const value =
    parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>)[name] : undefined;
  return typeof value === "string" ? value : undefined;
}

const base64url = (s: string) => encodeBase64(Buffer.from(s, "utf8"), "url", false);

function encodeSign(header: string, payload: string, jwk: string): string {
  let keys: ReturnType<typeof parseJwks>;
  try {
    keys = parseJwks(jwk);
  } catch (e) {
    if (e instanceof JwkError) throw builtinError(e.message);
    throw e;
  }
  const key = keys[0];
  if (key === undefined) throw builtinError("no keys found in JWK set");
  let alg: string | undefined;
  let typ: string | undefined;
  try {
    alg = headerString(header, "alg");
    typ = headerString(header, "typ");
  } catch (e) {
    throw builtinError(`missing or invalid 'alg' header: ${(e as Error).message}`);
  }
  if (alg === undefined) throw builtinError(`missing or invalid 'alg' header: jwsbb: header "alg" not found`);
  if (!isJwsAlgorithm(alg)) throw builtinError(`unknown JWS algorithm: ${alg}`);
  if ((typ === undefined || typ === "JWT") && !isValidGoJson(payload))
    throw builtinError("type is JWT but payload is not JSON");
  const signingInput = `${base64url(header)}.${base64url(payload)}`;
  try {
    const signature = signJws(alg, key.key, Buffer.from(signingInput, "utf8"));
    return `${signingInput}.${encodeBase64(signature, "url", false)}`;
  } catch (e) {
    if (e instanceof JwsSignError) throw builtinError(e.message);
    throw e;
  }
}

export const jwtSignBuiltins: BuiltinDef[] = [
  {
    name: "io.jwt.encode_sign",
    arity: 3,
    impl: ([header, payload, key]) => encodeSign(toJSONText(header!), toJSONText(payload!), toJSONText(key!)),
  },
  {
    name: "io.jwt.encode_sign_raw",
    arity: 3,
    impl: ([header, payload, key]: readonly Value[]) => {
      const jwk = stringOperand(key!, 3);
      return encodeSign(stringOperand(header!, 1), stringOperand(payload!, 2), jwk);
    },
  },
];
