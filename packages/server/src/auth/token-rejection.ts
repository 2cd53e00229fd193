import { errors } from "jose";
import { AppError } from "../errors.js";
import { SigningKeysUnavailable } from "./signing-keys.js";

const rejected = (detail: string) => new AppError("unauthenticated", detail);

/**
 * The API error for a failed `jwtVerify`: a short 401 saying what is wrong with the token (never
 * echoing it), or a 503 when the token could not be checked because the provider's keys are
 * unavailable. Returns undefined for errors that are not jose's or ours (bugs), which the caller
 * must still treat as a rejection.
 */
export function verificationFailure(error: unknown): AppError | undefined {
  if (error instanceof SigningKeysUnavailable) {
    return new AppError("unavailable", `identity provider not reachable: ${error.message}`, { cause: error });
  }
  if (error instanceof errors.JWTExpired) return rejected("token expired");
  if (error instanceof errors.JWTClaimValidationFailed) return claimFailure(error);
  if (error instanceof errors.JOSEAlgNotAllowed) return rejected("token signing algorithm not accepted");
  if (error instanceof errors.JWKSNoMatchingKey) return rejected("token signing key not recognised");
  if (error instanceof errors.JWKSMultipleMatchingKeys) {
    return rejected("token does not name its signing key (kid) and the identity provider has several");
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return rejected("token signature invalid");
  if (error instanceof errors.JOSENotSupported)
    return rejected("token uses an unsupported algorithm or header");
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return rejected("token malformed (expected a signed JWT)");
  }
  return undefined;
}

function claimFailure(error: errors.JWTClaimValidationFailed): AppError {
  if (error.reason === "missing") return rejected(`token has no ${error.claim} claim`);
  switch (error.claim) {
    case "iss":
      return rejected("token issuer not accepted");
    case "aud":
      return rejected("token audience not accepted");
    case "nbf":
      return rejected("token not valid yet (nbf is in the future)");
    default:
      return rejected(`token ${error.claim} claim invalid`);
  }
}
