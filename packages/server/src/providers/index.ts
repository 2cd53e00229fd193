export { buildProviderRegistry } from "./build.js";
export { MockProvider, type MockProviderConfig, MockProviderError } from "./mock.js";
export type { Credential, ElevationRequest, Grant, GrantRef, Provider } from "./provider.js";
export { ProviderRegistry } from "./registry.js";
export { validateCommon } from "./validate.js";
