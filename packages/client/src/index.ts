/**
 * @jitsudo/client: the jitsudo API's schemas (zod, shared with the server) and a typed HTTP client.
 */
export const VERSION = "0.1.0";

export * from "./schemas/primitives.js";
export * from "./schemas/requests.js";
export * from "./schemas/policies.js";
export * from "./schemas/audit.js";
export * from "./schemas/principals.js";
export * from "./schemas/meta.js";
export * from "./routes.js";
export { ApiError, ConnectionError, ResponseError } from "./errors.js";
export { JitsudoClient, type ClientOptions, type DebugEvent, type ProbeResult } from "./client.js";
export type { FetchFn, TlsOptions } from "./transport.js";
