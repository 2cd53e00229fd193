/**
 * The credentials file, `<jitsudo home>/credentials` (spec 06): YAML (see flat-yaml.ts),
 * directory 0700, file 0600, replaced atomically (a temporary file in the same directory, fsynced, then renamed over it), so a
 * crash or a concurrent `jitsudo` never sees half a file.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { CliError } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import { formatFlatYaml, parseFlatYaml } from "./flat-yaml.js";
import { checkStringMap } from "./string-map.js";

export const CREDENTIALS_FILE = "credentials";

const CREDENTIAL_KEYS = [
  "server_url",
  "issuer",
  "client_id",
  "token",
  "refresh_token",
  "expires_at",
  "email",
] as const;

export interface Credentials {
  server_url?: string;
  issuer?: string;
  client_id?: string;
  /** The OIDC ID token sent as the bearer token. */
  token: string;
  refresh_token?: string;
  /** When `token` expires (RFC 3339). */
  expires_at?: string;
  email?: string;
}

export function credentialsPath(home: string): string {
  return join(home, CREDENTIALS_FILE);
}

/** The saved credentials, or `undefined` when there are none. */
export async function readCredentials(home: string): Promise<Credentials | undefined> {
  const path = credentialsPath(home);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new CliError(`cannot read ${path}: ${(err as Error).message}`);
  }
  let checked: ReturnType<typeof checkStringMap<(typeof CREDENTIAL_KEYS)[number]>>;
  try {
    checked = checkStringMap(await parseFlatYaml(text), CREDENTIAL_KEYS, path);
  } catch {
    checked = { ok: false, problem: `${path} is not YAML` };
  }
  if (!checked.ok || !checked.value.token) {
    throw new CliError(
      `${path} is damaged`,
      EXIT.notAuthenticated,
      "log in again: jitsudo login --provider <issuer-url>",
    );
  }
  return checked.value as Credentials;
}

export async function writeCredentials(home: string, credentials: Credentials): Promise<string> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  // mkdir leaves an existing directory's mode alone; the credentials must not be listable by others.
  await chmod(home, 0o700);
  const path = credentialsPath(home);
  const temporary = join(home, `.${CREDENTIALS_FILE}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const file = await open(temporary, "wx", 0o600);
  try {
    await file.writeFile(formatFlatYaml(withoutUnset(credentials)));
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
  return path;
}

/** Removes the credentials file; whether there was one. */
export async function removeCredentials(home: string): Promise<boolean> {
  const path = credentialsPath(home);
  try {
    await rm(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw err;
  }
}

function withoutUnset(credentials: Credentials): Record<string, string> {
  return Object.fromEntries(Object.entries(credentials).filter(([, v]) => v !== undefined && v !== ""));
}
