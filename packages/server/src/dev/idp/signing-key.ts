import { generateKeyPairSync } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { calculateJwkThumbprint, type JWK } from "jose";

/** The dev IdP's private signing key, kept in the dev data directory. */
export const SIGNING_KEY_FILE = "dev-idp-signing-key.json";

export type PrivateSigningJwk = JWK & { kid: string; alg: "RS256"; use: "sig"; d: string };

/**
 * The dev IdP's RS256 signing key. With a data directory, the key is generated on first use and
 * kept there (0600), so tokens issued before a restart still verify after it; without one it lives
 * in memory only.
 */
export async function loadOrCreateSigningKey(dataDir?: string): Promise<PrivateSigningJwk> {
  if (dataDir === undefined) return generateSigningKey();
  const file = join(dataDir, SIGNING_KEY_FILE);
  const stored = await readStoredKey(file);
  if (stored) return stored;
  const key = await generateSigningKey();
  await mkdir(dataDir, { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600 });
  await rename(partial, file);
  return key;
}

async function generateSigningKey(): Promise<PrivateSigningJwk> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" }) as JWK & { d: string };
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: "RS256", use: "sig" };
}

async function readStoredKey(file: string): Promise<PrivateSigningJwk | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const key = parseJson(text);
  if (!isPrivateSigningJwk(key)) {
    throw new Error(`${file} is not a dev IdP signing key; delete it and a new key will be generated`);
  }
  return key;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isPrivateSigningJwk(value: unknown): value is PrivateSigningJwk {
  if (typeof value !== "object" || value === null) return false;
  const key = value as Record<string, unknown>;
  return (
    key.kty === "RSA" &&
    key.alg === "RS256" &&
    key.use === "sig" &&
    ["kid", "n", "e", "d"].every((member) => typeof key[member] === "string")
  );
}
