/**
 * The audit hash chain (spec 05), recomputed independently of the server:
 * hash = hex(SHA-256(prev_hash|id|timestamp|actor_identity|action|request_id|outcome|details_json)).
 */
import { createHash } from "node:crypto";
import type { AuditEvent } from "@jitsudo/client";

export function eventHash(e: AuditEvent): string {
  const text = [
    e.prev_hash,
    e.id,
    e.timestamp,
    e.actor_identity,
    e.action,
    e.request_id ?? "",
    e.outcome,
    e.details_json,
  ].join("|");
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export interface ChainReport {
  readonly ok: boolean;
  readonly events_verified: number;
  /** The highest event id seen, and its hash. */
  readonly head_id: number | null;
  readonly head_hash: string | null;
  /** The lowest broken event. */
  readonly first_bad_id: number | null;
  readonly problem: string | null;
  /** The lowest event id of the export: its link to earlier events cannot be checked offline. */
  readonly first_id: number | null;
}

/**
 * Checks a run of events given in ascending or descending id order (an export is newest first by
 * default), one at a time, so memory stays flat: each event's own hash, each link between
 * neighbours, and that ids have no gaps. Reports the lowest broken event.
 */
export class ChainVerifier {
  #previous: AuditEvent | undefined;
  #direction: 1 | -1 | undefined;
  #verified = 0;
  #low: AuditEvent | undefined;
  #high: AuditEvent | undefined;
  #bad: { id: number; problem: string } | undefined;

  add(event: AuditEvent): void {
    if (this.#previous === undefined) {
      this.#previous = event;
      this.#check(event);
      return;
    }
    const previous = this.#previous;
    this.#direction ??= event.id > previous.id ? 1 : -1;
    const [older, newer] = this.#direction === 1 ? [previous, event] : [event, previous];
    if (newer.id !== older.id + 1) {
      const missing = older.id + 1;
      this.#fail(
        newer.id > older.id ? missing : newer.id,
        newer.id > older.id
          ? `event ${missing} is missing (the export goes from ${older.id} to ${newer.id})`
          : `events are out of order (${previous.id} then ${event.id})`,
      );
    } else if (newer.prev_hash !== older.hash) {
      this.#fail(newer.id, `event ${newer.id}: prev_hash does not match the hash of event ${older.id}`);
    }
    this.#previous = event;
    this.#check(event);
  }

  report(): ChainReport {
    return {
      ok: this.#bad === undefined,
      events_verified: this.#bad === undefined ? this.#verified : this.#countBelow(this.#bad.id),
      head_id: this.#high?.id ?? null,
      head_hash: this.#high?.hash ?? null,
      first_bad_id: this.#bad?.id ?? null,
      problem: this.#bad?.problem ?? null,
      first_id: this.#low?.id ?? null,
    };
  }

  #check(event: AuditEvent): void {
    if (this.#low === undefined || event.id < this.#low.id) this.#low = event;
    if (this.#high === undefined || event.id > this.#high.id) this.#high = event;
    if (event.id === 1 && event.prev_hash !== "") this.#fail(1, "event 1: prev_hash must be empty");
    else if (eventHash(event) !== event.hash)
      this.#fail(event.id, `event ${event.id}: hash does not match its contents`);
    this.#verified++;
  }

  #fail(id: number, problem: string): void {
    if (this.#bad === undefined || id < this.#bad.id) this.#bad = { id, problem };
  }

  /** Events verified before the first broken one: those with lower ids. */
  #countBelow(id: number): number {
    return this.#low === undefined ? 0 : Math.max(0, id - this.#low.id);
  }
}
