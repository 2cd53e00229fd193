/**
 * The key that seals stored credentials (`security.encryption_key`). With PGlite and no key
 * configured, one is generated on first start and kept beside the database (mode 0600), so the
 * credentials of a restarted instance still decrypt; in memory it lives as long as the process.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseEncryptionKey } from "../workflow/index.js";

export const ENCRYPTION_KEY_FILE = "encryption.key";

export function dataDirEncryptionKey(dataDir: string | undefined): Buffer {
  if (dataDir === undefined) return randomBytes(32);
  const path = join(dataDir, ENCRYPTION_KEY_FILE);
  if (existsSync(path)) return parseEncryptionKey(readFileSync(path, "utf8"));
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  return key;
}
