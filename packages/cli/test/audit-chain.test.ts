import { createHash } from "node:crypto";
import type { AuditEvent } from "@jitsudo/client";
import { describe, expect, it } from "vitest";
import { ChainVerifier, eventHash } from "../src/audit/chain.js";

/** A chain built here with spec 05's formula written out, independently of the code under test. */
function chain(length: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  let prev = "";
  for (let id = 1; id <= length; id++) {
    const timestamp = new Date(Date.UTC(2026, 2, 20, 16, 0, id, 123)).toISOString();
    const actor = id % 2 === 0 ? "system" : "alice@example.com";
    const action = id % 2 === 0 ? "grant.issued" : "request.created";
    const requestId = id === 3 ? null : "req_01J8KZ4F2EMNQZ3V7XKQYBD4W";
    const details = JSON.stringify({
      provider: "aws",
      reason: `step ${id} | with a pipe`,
      role: "sandbox-readonly",
    });
    const hash = createHash("sha256")
      .update(`${prev}|${id}|${timestamp}|${actor}|${action}|${requestId ?? ""}|success|${details}`, "utf8")
      .digest("hex");
    events.push({
      id,
      timestamp,
      actor_identity: actor,
      action,
      request_id: requestId,
      provider: "aws",
      resource_scope: "123456789012",
      outcome: "success",
      details_json: details,
      prev_hash: prev,
      hash,
    });
    prev = hash;
  }
  return events;
}

function verify(events: readonly AuditEvent[]) {
  const verifier = new ChainVerifier();
  for (const e of events) verifier.add(e);
  return verifier.report();
}

describe("offline chain verification", () => {
  const events = chain(10);

  it("computes spec 05's hash", () => {
    for (const e of events) expect(eventHash(e)).toBe(e.hash);
  });

  it.each([
    ["oldest first", events],
    ["newest first (the export's order)", [...events].reverse()],
  ])("accepts an intact chain given %s", (_, ordered) => {
    expect(verify(ordered)).toEqual({
      ok: true,
      events_verified: 10,
      head_id: 10,
      head_hash: events[9].hash,
      first_bad_id: null,
      problem: null,
      first_id: 1,
    });
  });

  it("accepts a contiguous tail of the log, reporting where it starts", () => {
    expect(verify(events.slice(4).reverse())).toMatchObject({ ok: true, events_verified: 6, first_id: 5 });
  });

  it.each([
    ["oldest first", false],
    ["newest first", true],
  ])("finds a tampered event (%s) and reports the lowest broken one", (_, reversed) => {
    const tampered = events.map((e) =>
      e.id === 4 || e.id === 8 ? { ...e, details_json: e.details_json.replace("step", "STEP") } : e,
    );
    const report = verify(reversed ? tampered.reverse() : tampered);
    expect(report).toMatchObject({
      ok: false,
      first_bad_id: 4,
      problem: "event 4: hash does not match its contents",
      events_verified: 3,
    });
  });

  it("finds a rewritten event whose hash was recomputed, by its broken link", () => {
    const rewritten = events.map((e) => {
      if (e.id !== 6) return e;
      const changed = { ...e, actor_identity: "mallory@example.com" };
      return { ...changed, hash: eventHash(changed) };
    });
    expect(verify(rewritten)).toMatchObject({
      ok: false,
      first_bad_id: 7,
      problem: "event 7: prev_hash does not match the hash of event 6",
    });
  });

  it("finds a deleted event as a gap", () => {
    expect(verify(events.filter((e) => e.id !== 5))).toMatchObject({
      ok: false,
      first_bad_id: 5,
      problem: "event 5 is missing (the export goes from 4 to 6)",
    });
  });

  it("insists that event 1 starts the chain", () => {
    expect(verify([{ ...events[0], prev_hash: "00" }])).toMatchObject({ ok: false, first_bad_id: 1 });
  });

  it("accepts an empty export", () => {
    expect(verify([])).toMatchObject({ ok: true, events_verified: 0, head_id: null });
  });
});
