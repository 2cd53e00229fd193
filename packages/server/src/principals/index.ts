export { decodeKeyToken, encodeKeyToken } from "./page-token.js";
export { MAX_TRUST_TIER, PrincipalService, type PrincipalView } from "./service.js";
