// JWS signature algorithms (RFC 7518) on node:crypto: HS*, RS*, PS*, ES* and EdDSA.

import {
  constants,
  createHmac,
  createPublicKey,
  type KeyObject,
  sign,
  timingSafeEqual,
  verify,
} from "node:crypto";

type Family = "hmac" | "rsa" | "pss" | "ecdsa" | "eddsa";

const ALGORITHMS: ReadonlyMap<string, { family: Family; hash: string | null }> = new Map([
  ["HS256", { family: "hmac", hash: "sha256" }],
  ["HS384", { family: "hmac", hash: "sha384" }],
  ["HS512", { family: "hmac", hash: "sha512" }],
  ["RS256", { family: "rsa", hash: "sha256" }],
  ["RS384", { family: "rsa", hash: "sha384" }],
  ["RS512", { family: "rsa", hash: "sha512" }],
  ["PS256", { family: "pss", hash: "sha256" }],
  ["PS384", { family: "pss", hash: "sha384" }],
  ["PS512", { family: "pss", hash: "sha512" }],
  ["ES256", { family: "ecdsa", hash: "sha256" }],
  ["ES384", { family: "ecdsa", hash: "sha384" }],
  ["ES512", { family: "ecdsa", hash: "sha512" }],
  ["EdDSA", { family: "eddsa", hash: null }],
]);

export function isJwsAlgorithm(alg: string): boolean {
  return ALGORITHMS.has(alg);
}

/** The key type each family needs ("secret" for HMAC). */
const KEY_TYPES: Record<Family, readonly string[]> = {
  hmac: ["secret"],
  rsa: ["rsa"],
  pss: ["rsa", "rsa-pss"],
  ecdsa: ["ec"],
  eddsa: ["ed25519"],
};

function fits(family: Family, key: KeyObject): boolean {
  const type = key.type === "secret" ? "secret" : key.asymmetricKeyType;
  return type !== undefined && KEY_TYPES[family].includes(type);
}

/** The byte size of a scalar of the key's curve (32 for P-256, 66 for P-521). */
function curveSize(key: KeyObject): number {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return curve === "secp521r1" || curve === "P-521"
    ? 66
    : curve === "secp384r1" || curve === "P-384"
      ? 48
      : 32;
}

/** DER's INTEGER for unsigned big-endian bytes. */
function derInteger(bytes: Uint8Array): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  let body = Buffer.from(bytes.subarray(i));
  if (body.length === 0) body = Buffer.from([0]);
  if (body[0]! & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return Buffer.concat([Buffer.from([0x02, body.length]), body]);
}

/** An ECDSA signature given as r ‖ s (split in the middle, as Go's verify_es* reads it) in DER. */
function ecdsaDer(signature: Uint8Array): Buffer {
  const half = signature.length >> 1;
  const body = Buffer.concat([derInteger(signature.subarray(0, half)), derInteger(signature.subarray(half))]);
  const length = body.length < 0x80 ? Buffer.from([body.length]) : Buffer.from([0x81, body.length]);
  return Buffer.concat([Buffer.from([0x30]), length, body]);
}

/**
 * io.jwt.verify_* take public keys only and read an ECDSA signature of any length as two halves
 * (Go's crypto/ecdsa); io.jwt.decode_verify (jwx) also takes private keys and wants r ‖ s of the
 * curve's size.
 */
export interface VerifyOptions {
  privateKeys: boolean;
  fixedSizeEcdsa: boolean;
}

/** Whether `signature` signs `data` with `key` under `alg` (false for unknown algorithms or key types). */
export function verifyJws(
  alg: string,
  key: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
  options: VerifyOptions,
): boolean {
  const a = ALGORITHMS.get(alg);
  if (a === undefined || !fits(a.family, key)) return false;
  if (a.family === "hmac") {
    const mac = createHmac(a.hash!, key).update(data).digest();
    return mac.length === signature.length && timingSafeEqual(mac, signature);
  }
  if (key.type === "private") {
    if (!options.privateKeys) return false;
    key = createPublicKey(key);
  }
  try {
    switch (a.family) {
      case "rsa":
        return verify(a.hash, data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
      case "pss":
        return verify(
          a.hash,
          data,
          { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
          signature,
        );
      case "ecdsa":
        if (options.fixedSizeEcdsa && signature.length !== 2 * curveSize(key)) return false;
        return verify(a.hash, data, key, ecdsaDer(signature));
      case "eddsa":
        return verify(null, data, key, signature);
    }
  } catch {
    return false; // malformed signature
  }
}

export class JwsSignError extends Error {}

/** The signature of `data` with `key` under `alg`. */
export function signJws(alg: string, key: KeyObject, data: Uint8Array): Buffer {
  const a = ALGORITHMS.get(alg);
  if (a === undefined) throw new JwsSignError(`unknown JWS algorithm: ${alg}`);
  const needed = a.family === "hmac" ? "secret" : "private";
  if (key.type !== needed || !fits(a.family, key))
    throw new JwsSignError(
      `invalid key for algorithm ${alg}: ${key.asymmetricKeyType ?? key.type} ${key.type} key`,
    );
  switch (a.family) {
    case "hmac":
      return createHmac(a.hash!, key).update(data).digest();
    case "rsa":
      return sign(a.hash, data, { key, padding: constants.RSA_PKCS1_PADDING });
    case "pss":
      return sign(a.hash, data, {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      });
    case "ecdsa":
      return sign(a.hash, data, { key, dsaEncoding: "ieee-p1363" });
    case "eddsa":
      return sign(null, data, key);
  }
}
