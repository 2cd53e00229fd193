import { AppError } from "../errors.js";

/**
 * The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1; the scheme name is
 * case-insensitive). Anything else is a 401 that says what is wrong, without echoing the header.
 */
export function bearerToken(authorization: string | undefined): string {
  if (authorization === undefined || authorization === "") {
    throw new AppError("unauthenticated", "missing Authorization header (expected: Bearer <ID token>)");
  }
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  if (!match) {
    throw new AppError("unauthenticated", "Authorization header must be: Bearer <ID token>");
  }
  return match[1];
}
