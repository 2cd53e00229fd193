// crypto.x509.parse_rsa_private_key and crypto.parse_private_keys: the private keys in PEM data
// (RSA PRIVATE KEY, PRIVATE KEY and EC PRIVATE KEY blocks; the data may also be base64 of it),
// as a JWK, or as Go's encoding/json rendering of its crypto key structs, which OPA returns.

import { createPrivateKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { fromJSON, RegoNumber, RegoObject, type Value } from "../value/index.js";
import { Base64Error, decodeBase64Go } from "./gobase64.js";
import { decodePem } from "./gopem.js";
import { builtinError, stringOperand } from "./operands.js";
import type { BuiltinDef } from "./registry.js";

const DER_TYPES: ReadonlyMap<string, "pkcs1" | "pkcs8" | "sec1"> = new Map([
  ["RSA PRIVATE KEY", "pkcs1"],
  ["PRIVATE KEY", "pkcs8"],
  ["EC PRIVATE KEY", "sec1"],
]);

/** The key types and curves Go's x509 parsers accept. */
const GO_CURVES = new Set(["P-224", "P-256", "P-384", "P-521"]);

function parseKey(der: Uint8Array, type: "pkcs1" | "pkcs8" | "sec1"): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: Buffer.from(der), format: "der", type });
  } catch (e) {
    throw builtinError(`x509: failed to parse private key: ${e instanceof Error ? e.message : String(e)}`);
  }
  const kind = key.asymmetricKeyType;
  if (kind === "ec" && !GO_CURVES.has((key.export({ format: "jwk" }) as JsonWebKey).crv ?? ""))
    throw builtinError("x509: unknown elliptic curve");
  if (kind !== "rsa" && kind !== "ec" && kind !== "ed25519" && kind !== "x25519")
    throw builtinError("x509: PKCS#8 wrapping contained private key with unknown algorithm");
  return key;
}

/** Text that is base64 of something is that something (OPA decodes it first). */
function maybeBase64(text: string): string {
  try {
    return Buffer.from(decodeBase64Go(text, "std")).toString("utf8");
  } catch (e) {
    if (e instanceof Base64Error) return text;
    throw e;
  }
}

/** Every private key block, in order; other blocks are skipped. */
function privateKeys(pemData: string): KeyObject[] {
  const keys: KeyObject[] = [];
  let rest = maybeBase64(pemData);
  for (let pem = decodePem(rest); pem !== undefined; pem = decodePem(rest)) {
    rest = pem.rest;
    const type = DER_TYPES.get(pem.block.type);
    if (type) keys.push(parseKey(pem.block.bytes, type));
  }
  return keys;
}

const bigint = (b64url: string | undefined) =>
  RegoNumber.fromInt(BigInt(`0x${Buffer.from(b64url ?? "", "base64url").toString("hex") || "0"}`));

const goStruct = (fields: [string, Value][]) => RegoObject.fromEntries(fields);

/** json.Marshal of Go's *rsa.PrivateKey, *ecdsa.PrivateKey, ed25519.PrivateKey or *ecdh.PrivateKey. */
function goKeyJSON(key: KeyObject): Value {
  const jwk = key.export({ format: "jwk" }) as JsonWebKey;
  switch (key.asymmetricKeyType) {
    case "rsa":
      return goStruct([
        ["N", bigint(jwk.n)],
        ["E", bigint(jwk.e)],
        ["D", bigint(jwk.d)],
        ["Primes", [bigint(jwk.p), bigint(jwk.q)]],
        [
          "Precomputed",
          goStruct([
            ["Dp", bigint(jwk.dp)],
            ["Dq", bigint(jwk.dq)],
            ["Qinv", bigint(jwk.qi)],
            ["CRTValues", []],
          ]),
        ],
      ]);
    case "ec": // the curve has only unexported fields
      return goStruct([
        ["Curve", new RegoObject()],
        ["X", bigint(jwk.x)],
        ["Y", bigint(jwk.y)],
        ["D", bigint(jwk.d)],
      ]);
    case "ed25519": // the 64-byte seed ‖ public key, as base64
      return Buffer.concat([Buffer.from(jwk.d!, "base64url"), Buffer.from(jwk.x!, "base64url")]).toString(
        "base64",
      );
    default:
      return new RegoObject();
  }
}

function parseRsaPrivateKey(arg: Value): Value {
  let text = stringOperand(arg, 1);
  if (text === "") throw builtinError("input PEM data was empty");
  if (!text.startsWith("-----BEGIN")) {
    try {
      text = Buffer.from(decodeBase64Go(text, "std")).toString("utf8");
    } catch (e) {
      if (e instanceof Base64Error) throw builtinError(e.message);
      throw e;
    }
  }
  const [first] = privateKeys(text);
  return first === undefined ? null : fromJSON(first.export({ format: "jwk" }));
}

function parsePrivateKeys(arg: Value): Value {
  const text = stringOperand(arg, 1);
  return text === "" ? null : privateKeys(text).map(goKeyJSON);
}

export const privateKeysBuiltins: BuiltinDef[] = [
  { name: "crypto.x509.parse_rsa_private_key", arity: 1, impl: ([s]) => parseRsaPrivateKey(s!) },
  { name: "crypto.parse_private_keys", arity: 1, impl: ([s]) => parsePrivateKeys(s!) },
];
