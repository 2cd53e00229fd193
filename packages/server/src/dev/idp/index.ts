export { type DevIdentityProviderOptions, devIdentityProvider } from "./plugin.js";
export { DEV_CLIENT_ID, DEV_SCOPES, ID_TOKEN_TTL_SECONDS } from "./provider.js";
export { SIGNING_KEY_FILE } from "./signing-key.js";
export { DEV_PASSWORD, DEV_USERS, type DevUser } from "./users.js";
