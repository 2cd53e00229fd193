/** Reads a JWT's claims without verifying it: only for local decisions such as "has it expired?". */
export function unverifiedClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split(".")[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return typeof claims === "object" && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The token's `exp` as RFC 3339, if it has one. */
export function expiryOf(token: string): string | undefined {
  const exp = unverifiedClaims(token)?.exp;
  return typeof exp === "number" ? new Date(exp * 1000).toISOString() : undefined;
}
