import { MockProvider, type MockProviderConfig } from "./mock.js";
import { ProviderRegistry } from "./registry.js";

/** The `providers` configuration block this module knows how to build (cloud providers come later). */
export interface ProvidersConfig {
  readonly mock?: MockProviderConfig;
}

/** Builds the registry from configuration: a provider without a block is not available (spec 07). */
export function buildProviderRegistry(config: ProvidersConfig): ProviderRegistry {
  const registry = new ProviderRegistry();
  if (config.mock) registry.register(new MockProvider(config.mock));
  return registry;
}
