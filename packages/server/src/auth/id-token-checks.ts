import type { JWTHeaderParameters, JWTPayload } from "jose";
import { AppError } from "../errors.js";

// ID token rules of OpenID Connect Core 1.0 §3.1.3.7 that jose's generic JWT checks do not cover.

const rejected = (detail: string) => new AppError("unauthenticated", detail);

/**
 * ID tokens carry no `typ` header or `JWT`. Any other type (`at+jwt` access tokens, `logout+jwt`,
 * …) is a different kind of token from the same provider and must not pass for an ID token.
 */
export function checkTokenType(header: JWTHeaderParameters): void {
  if (header.typ === undefined) return;
  if (header.typ.toLowerCase().replace(/^application\//, "") !== "jwt") {
    throw rejected("token is not an ID token (unexpected typ header)");
  }
}

/** jose checks `iat` only when a maximum age is set; an ID token issued in the future is still invalid. */
export function checkIssuedAt(claims: JWTPayload, clockToleranceSeconds: number, nowSeconds: number): void {
  if (typeof claims.iat === "number" && claims.iat > nowSeconds + clockToleranceSeconds) {
    throw rejected("token issued in the future (check the clocks of this server and the identity provider)");
  }
}

/**
 * The authorized party: a token for several audiences must say which of them it was issued to
 * (`azp`), and whenever `azp` is present it must be one of the accepted audiences, so that a
 * token obtained by some other application that merely lists ours is refused.
 */
export function checkAuthorizedParty(claims: JWTPayload, audiences: readonly string[]): void {
  const audienceCount = Array.isArray(claims.aud) ? claims.aud.length : 1;
  if (claims.azp === undefined) {
    if (audienceCount > 1) throw rejected("token has several audiences but no authorized party (azp) claim");
    return;
  }
  if (typeof claims.azp !== "string" || !audiences.includes(claims.azp)) {
    throw rejected("token authorized party (azp) not accepted");
  }
}
