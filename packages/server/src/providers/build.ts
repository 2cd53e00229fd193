import type { ProvidersConfig } from "../config/types.js";
import { MockProvider } from "./mock.js";
import { ProviderRegistry } from "./registry.js";

/** Builds the registry from configuration: a provider without a block is not available (spec 07). */
export function buildProviderRegistry(config: ProvidersConfig): ProviderRegistry {
  const registry = new ProviderRegistry();
  if (config.mock) {
    registry.register(
      new MockProvider({
        fail_grant_times: config.mock.failGrantTimes,
        fail_revoke_times: config.mock.failRevokeTimes,
        latency_ms: config.mock.latencyMs,
        state_file: config.mock.stateFile,
        max_duration_ms: config.mock.maxDurationMs,
      }),
    );
  }
  return registry;
}
