/**
 * The audit chain's hash formula (spec 05, "Hash chain"; the append path computes it in SQL, in
 * migration 0002, and verification here) and the canonical details encoding.
 */
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
