/**
 * The one way a request changes: inside a transaction holding its row lock, from a state that
 * allows the move. Leaving ACTIVE erases the stored credentials in the same transaction; leaving
 * PENDING drops the timeouts that were waiting for a decision.
 */
import type { Store, Tx } from "../store/index.js";
import type { Clock } from "./clock.js";
import type { CredentialCipher } from "./crypto.js";
import type { RequestRecord } from "./record.js";
import * as repo from "./repo.js";
import { type RequestState, canTransition } from "./states.js";
import { cancelPendingTimeouts } from "./timeouts.js";
import { notFoundError } from "./access.js";
import { wrongState } from "../errors.js";

export type RequestPatch = Partial<Omit<RequestRecord, "id" | "state" | "createdAt">>;

export class Transitions {
  constructor(
    readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Runs `fn` in a transaction holding the request's row lock (404 when there is no such request). */
  locked<T>(id: string, fn: (tx: Tx, r: RequestRecord) => Promise<T>): Promise<T> {
    return this.store.transaction(async (tx) => {
      const r = await repo.lockRequest(tx, id);
      if (!r) throw notFoundError(id);
      return fn(tx, r);
    });
  }

  /** Runs `fn` in one transaction holding the row locks of the requests among `ids` that exist. */
  lockedMany<T>(ids: readonly string[], fn: (tx: Tx, rs: RequestRecord[]) => Promise<T>): Promise<T> {
    return this.store.transaction(async (tx) => fn(tx, await repo.lockRequests(tx, ids)));
  }

  /**
   * Moves a locked request to `to`, refusing (409) a transition the state table does not allow.
   * The writes run as the transaction commits (the record returned is the new state).
   */
  setState(tx: Tx, r: RequestRecord, to: RequestState, patch: RequestPatch = {}): RequestRecord {
    if (!canTransition(r.state, to))
      throw wrongState(`request ${r.id} is ${r.state}; it cannot become ${to}`);
    const next: RequestRecord = { ...r, ...patch, state: to, updatedAt: this.clock.now() };
    repo.updateRequest(tx, r.id, { ...patch, state: to, updatedAt: next.updatedAt });
    if (r.state === "ACTIVE") repo.deleteCredentials(tx, r.id);
    if (r.state === "PENDING") cancelPendingTimeouts(tx, r.id);
    return next;
  }

  /** Records a change that keeps the state (e.g. an approval before the last one). */
  touch(tx: Tx, r: RequestRecord, patch: RequestPatch = {}): RequestRecord {
    const updatedAt = this.clock.now();
    repo.updateRequest(tx, r.id, { ...patch, updatedAt });
    return { ...r, ...patch, updatedAt };
  }
}

export interface StoredCredentials {
  credentials: { name: string; value: string }[];
  issuedAt: string;
}

export function sealCredentials(cipher: CredentialCipher, requestId: string, c: StoredCredentials): string {
  return cipher.encrypt(JSON.stringify(c), requestId);
}

export async function storedCredentials(
  tx: Tx,
  cipher: CredentialCipher,
  requestId: string,
): Promise<StoredCredentials | undefined> {
  const blob = await repo.readCredentials(tx, requestId);
  return blob === undefined ? undefined : (JSON.parse(cipher.decrypt(blob, requestId)) as StoredCredentials);
}
