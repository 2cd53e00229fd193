/** The audit chain's hash formula and the canonical details encoding (spec 05, "Hash chain"). */
import { hash } from "node:crypto";

export interface ChainFields {
  id: number;
  timestamp: string;
  actorIdentity: string;
  action: string;
  requestId: string | null;
  outcome: string;
  detailsJson: string;
}

/** The stored event: the hashed fields, the two filter-only columns and the links. */
export interface ChainedEvent extends ChainFields {
  provider: string | null;
  resourceScope: string | null;
  prevHash: string;
  hash: string;
}

/** An event ready to be chained: everything but its place in the chain. */
export type UnchainedEvent = Omit<ChainedEvent, "id" | "prevHash" | "hash">;

/** The last event of the chain (id 0 and empty strings before the first). */
export interface ChainHead {
  lastId: number;
  lastHash: string;
  lastTimestamp: string;
}

export function eventHash(prevHash: string, e: ChainFields): string {
  const text = [
    prevHash,
    e.id,
    e.timestamp,
    e.actorIdentity,
    e.action,
    e.requestId ?? "",
    e.outcome,
    e.detailsJson,
  ].join("|");
  return hash("sha256", text, "hex");
}

/**
 * Links `events` after `head`, in order: the next ids, each hash over the previous one, and
 * timestamps kept in id order even if this instance's clock is behind the last writer's.
 */
export function chainEvents(
  head: ChainHead,
  events: readonly UnchainedEvent[],
): { rows: ChainedEvent[]; head: ChainHead } {
  let { lastId, lastHash, lastTimestamp } = head;
  const rows = events.map((e) => {
    const fields = {
      ...e,
      id: lastId + 1,
      timestamp: e.timestamp < lastTimestamp ? lastTimestamp : e.timestamp,
    };
    const row = { ...fields, prevHash: lastHash, hash: eventHash(lastHash, fields) };
    lastId = row.id;
    lastHash = row.hash;
    lastTimestamp = row.timestamp;
    return row;
  });
  return { rows, head: { lastId, lastHash, lastTimestamp } };
}

/** Compact JSON with object keys sorted at every depth; undefined members are left out. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

/** RFC 3339 UTC with exactly three fractional digits, e.g. 2026-03-20T16:00:00.123Z. */
export function auditTimestamp(d: Date): string {
  return d.toISOString();
}
