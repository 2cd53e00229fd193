import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { importJWK, type JWTPayload, SignJWT } from "jose";
import { SIGNING_KEY_FILE } from "../../../src/dev/idp/index.js";

/** Anything jose signs with: a CryptoKey, a KeyObject, a JWK or an HMAC secret. */
export type SigningKey = Parameters<SignJWT["sign"]>[0];

/** A key and the kid tokens signed with it name. */
export interface KeyWithId {
  readonly kid: string;
  readonly privateKey: SigningKey;
}

/** The dev IdP's own signing key, read from its data directory, so tests can sign tokens as the issuer. */
export interface IssuerKey extends KeyWithId {
  readonly publicKeyPem: string;
}

export async function issuerKeyIn(dataDir: string): Promise<IssuerKey> {
  const jwk = JSON.parse(await readFile(join(dataDir, SIGNING_KEY_FILE), "utf8"));
  const publicKey: KeyObject = createPublicKey({ key: jwk, format: "jwk" });
  return {
    kid: jwk.kid,
    privateKey: await importJWK(jwk, "RS256"),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Claims of a valid ID token for alice; `undefined` in `overrides` removes a claim. */
export function idTokenClaims(issuer: string, overrides: Record<string, unknown> = {}): JWTPayload {
  const claims: Record<string, unknown> = {
    iss: issuer,
    aud: "jitsudo-cli",
    sub: "alice",
    email: "alice@example.com",
    email_verified: true,
    groups: ["sre"],
    iat: nowSeconds(),
    exp: nowSeconds() + 600,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
}

export async function signedToken(
  claims: JWTPayload,
  key: KeyWithId,
  header: { alg?: string; typ?: string } = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: key.kid, ...header })
    .sign(key.privateKey);
}

/** An RSA key the issuer has never heard of. */
export function foreignKey(kid = "foreign-key"): KeyWithId {
  return { kid, privateKey: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey };
}

export { nowSeconds };
