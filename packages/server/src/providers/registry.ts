import type { Provider } from "./provider.js";

/** The configured providers by name. A provider without configuration is simply not registered. */
export class ProviderRegistry {
  readonly #byName = new Map<string, Provider>();

  constructor(providers: Iterable<Provider> = []) {
    for (const p of providers) this.register(p);
  }

  register(provider: Provider): void {
    if (this.#byName.has(provider.name)) throw new Error(`provider "${provider.name}" is registered twice`);
    this.#byName.set(provider.name, provider);
  }

  get(name: string): Provider | undefined {
    return this.#byName.get(name);
  }

  names(): string[] {
    return [...this.#byName.keys()].sort();
  }
}
