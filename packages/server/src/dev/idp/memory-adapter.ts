import type { Adapter, AdapterFactory, AdapterPayload } from "oidc-provider";

/**
 * oidc-provider's storage (sessions, interactions, device codes, grants, tokens) kept in this
 * process, which is all a dev IdP needs: a restart logs everyone out, and refresh tokens issued
 * before it no longer work (ID tokens still verify, the signing key being kept).
 *
 * Entries outlive their expiry by a grace period so that oidc-provider finds them and answers
 * "expired" (e.g. `expired_token` to a device polling late) rather than "not found".
 */
export function inMemoryAdapter(graceSeconds = 60): AdapterFactory {
  const models = new Map<string, Map<string, Entry>>();
  return (model) => {
    let entries = models.get(model);
    if (!entries) {
      entries = new Map();
      models.set(model, entries);
    }
    return new ModelStore(entries, graceSeconds);
  };
}

interface Entry {
  readonly payload: AdapterPayload;
  readonly dropAt: number;
}

class ModelStore implements Adapter {
  constructor(
    private readonly entries: Map<string, Entry>,
    private readonly graceSeconds: number,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    this.dropExpired();
    const dropAt =
      expiresIn === undefined
        ? Number.POSITIVE_INFINITY
        : Date.now() + (expiresIn + this.graceSeconds) * 1000;
    this.entries.set(id, { payload, dropAt });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.live(id)?.payload;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findWhere((payload) => payload.uid === uid);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findWhere((payload) => payload.userCode === userCode);
  }

  async consume(id: string): Promise<void> {
    const entry = this.live(id);
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.entries.delete(id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [id, entry] of this.entries) {
      if (entry.payload.grantId === grantId) this.entries.delete(id);
    }
  }

  private live(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (entry && entry.dropAt <= Date.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry;
  }

  private findWhere(matches: (payload: AdapterPayload) => boolean): AdapterPayload | undefined {
    this.dropExpired();
    for (const entry of this.entries.values()) {
      if (matches(entry.payload)) return entry.payload;
    }
    return undefined;
  }

  private dropExpired(): void {
    const now = Date.now();
    for (const [id, entry] of this.entries) {
      if (entry.dropAt <= now) this.entries.delete(id);
    }
  }
}
