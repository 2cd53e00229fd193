export { bearerToken } from "./bearer.js";
export type { RoleRules } from "./caller-claims.js";
export { OidcVerifier, type OidcVerifierOptions, type Readiness } from "./oidc-verifier.js";
export { type Caller, SYSTEM_ACTOR } from "./principal.js";
