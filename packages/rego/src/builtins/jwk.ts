// Keys for the io.jwt builtins, read the way OPA reads them: a PEM certificate or PUBLIC KEY
// block, or else a JWK or JWK set (JSON), each key with its optional "alg" and "kid".

import {
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  type JsonWebKey,
  type KeyObject,
  X509Certificate,
} from "node:crypto";
import { isJwsAlgorithm } from "./jws.js";
import { decodePem } from "./gopem.js";
import { builtinError } from "./operands.js";

export interface JwtKey {
  /** A public, private (JWK with "d") or secret ("oct") key. */
  key: KeyObject;
  /** The JWK's "alg", "" when absent (always for PEM). */
  alg: string;
  kid: string;
}

export class JwkError extends Error {}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** One JWK object as a key; "d" makes it private, "oct" a secret. */
function parseJwk(jwk: unknown): JwtKey {
  if (jwk === null || typeof jwk !== "object" || Array.isArray(jwk))
    throw new JwkError("key must be an object");
  const fields = jwk as Record<string, unknown>;
  const text = (name: string) => (typeof fields[name] === "string" ? (fields[name] as string) : "");
  const kty = text("kty");
  let key: KeyObject;
  try {
    if (kty === "oct") key = createSecretKey(Buffer.from(text("k"), "base64url"));
    else if (kty === "RSA" || kty === "EC" || kty === "OKP") {
      const input = { key: fields as JsonWebKey, format: "jwk" } as const;
      key = fields.d === undefined ? createPublicKey(input) : createPrivateKey(input);
    } else
      throw new JwkError(kty === "" ? `required field "kty" is missing` : `unsupported key type "${kty}"`);
  } catch (e) {
    if (e instanceof JwkError) throw e;
    throw new JwkError(`failed to parse ${kty} key: ${message(e)}`);
  }
  return { key, alg: text("alg"), kid: text("kid") };
}

/** jwk.Parse: a JWK set ({"keys": [...]}) or a single JWK. */
export function parseJwks(text: string): JwtKey[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new JwkError(`failed to unmarshal JSON into key set: ${message(e)}`);
  }
  const set =
    json !== null && typeof json === "object" && "keys" in json
      ? (json as { keys: unknown }).keys
      : undefined;
  if (set === undefined) return [parseJwk(json)];
  if (!Array.isArray(set)) throw new JwkError(`"keys" must be an array`);
  return set.map(parseJwk);
}

/** The key(s) to verify a token with, from a PEM block or a JWK (set). */
export function verificationKeys(certificate: string): JwtKey[] {
  const pem = decodePem(certificate);
  if (pem !== undefined) {
    if (pem.rest.length > 0) throw builtinError("extra data after a PEM certificate block");
    const der = Buffer.from(pem.block.bytes);
    if (pem.block.type === "CERTIFICATE") {
      try {
        return [{ key: new X509Certificate(der).publicKey, alg: "", kid: "" }];
      } catch (e) {
        throw builtinError(`failed to parse a PEM certificate: ${message(e)}`);
      }
    }
    if (pem.block.type === "PUBLIC KEY") {
      try {
        return [{ key: createPublicKey({ key: der, format: "der", type: "spki" }), alg: "", kid: "" }];
      } catch (e) {
        throw builtinError(`failed to parse a PEM public key: ${message(e)}`);
      }
    }
    throw builtinError("failed to extract a Key from the PEM certificate");
  }
  let keys: JwtKey[];
  try {
    keys = parseJwks(certificate);
  } catch (e) {
    if (e instanceof JwkError) throw builtinError(`failed to parse a JWK key (set): ${e.message}`);
    throw e;
  }
  // keys for algorithms OPA does not know (e.g. RSA-OAEP) are skipped
  return keys.filter((k) => k.alg === "" || isJwsAlgorithm(k.alg));
}
