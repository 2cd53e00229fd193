import { invalidArgument } from "../errors.js";

/** Opaque keyset cursors: base64url of the last key of the previous page. */
export function encodeKeyToken(key: string): string {
  return Buffer.from(key, "utf8").toString("base64url");
}

export function decodeKeyToken(token: string, field: string): string {
  const key = Buffer.from(token, "base64url").toString("utf8");
  if (key === "" || encodeKeyToken(key) !== token) throw invalidArgument(`${field}: not a valid page token`);
  return key;
}
