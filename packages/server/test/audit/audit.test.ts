import { createHash } from "node:crypto";
import { asc, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { appendAuditEvent, queryAudit, verifyAuditChain } from "../../src/audit/index.js";
import type { Store } from "../../src/store/index.js";
import { auditEvents, requests } from "../../src/store/schema.js";
import { createTestStore, STORE_KINDS } from "../support/index.js";
import { alice, bob, charlie, erin } from "../workflow/fixtures.js";

/** Spec 05's formula, written out here rather than calling the product's hash function. */
function specHash(
  prev: string,
  e: {
    id: number;
    timestamp: string;
    actorIdentity: string;
    action: string;
    requestId: string | null;
    outcome: string;
    detailsJson: string;
  },
): string {
  const text = `${prev}|${e.id}|${e.timestamp}|${e.actorIdentity}|${e.action}|${e.requestId ?? ""}|${e.outcome}|${e.detailsJson}`;
  return createHash("sha256").update(Buffer.from(text, "utf8")).digest("hex");
}

async function tamper(store: Store, statement: ReturnType<typeof sql>): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
    await tx.execute(statement);
    await tx.execute(sql`alter table audit_events enable trigger audit_events_append_only`);
  });
}

const append = (store: Store, n: number, requestId?: string) =>
  store.transaction((tx) =>
    appendAuditEvent(tx, {
      actor: n % 2 ? "alice@example.com" : "bob@example.com",
      action: n % 3 ? "request.created" : "grant.issued",
      requestId,
      provider: "mock",
      resourceScope: "sandbox",
      details: { z: n, a: { y: 'é|"', b: [2, 1] }, provider: "mock" },
    }),
  );

describe.each(STORE_KINDS)("audit log on %s", (kind) => {
  let store: Store;
  afterEach(async () => {
    await store?.close();
  });

  it("chains events with spec 05's formula, sorted compact details and millisecond UTC timestamps", async () => {
    store = await createTestStore({ kind });
    for (let i = 1; i <= 5; i++) await append(store, i, i === 2 ? undefined : `req_${i}`);
    const rows = await store.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    let prev = "";
    for (const r of rows) {
      expect(r.prevHash).toBe(prev);
      expect(r.hash).toBe(specHash(prev, r));
      expect(r.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      prev = r.hash;
    }
    expect(rows[0].detailsJson).toBe('{"a":{"b":[2,1],"y":"é|\\""},"provider":"mock","z":1}');
    expect(rows[1].requestId).toBeNull();
    expect(await verifyAuditChain(store)).toEqual({
      ok: true,
      events_verified: 5,
      head_id: 5,
      head_hash: rows[4].hash,
      first_bad_id: null,
      problem: null,
    });
  });

  it("chains a transaction's events in the order they were appended, when it commits", async () => {
    store = await createTestStore({ kind });
    await append(store, 1, "req_1");
    await store.transaction(async (tx) => {
      for (const action of ["request.created", "request.auto_approved", "grant.issued"]) {
        await appendAuditEvent(tx, { actor: "system", action, requestId: "req_2", details: {} });
      }
      expect((await tx.select().from(auditEvents)).length).toBe(1);
    });
    const rows = await store.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
    expect(rows.map((r) => [r.id, r.action])).toEqual([
      [1, "request.created"],
      [2, "request.created"],
      [3, "request.auto_approved"],
      [4, "grant.issued"],
    ]);
    expect(await verifyAuditChain(store)).toMatchObject({ ok: true, events_verified: 4, head_id: 4 });
  });

  it("hashes exactly the stored text, whatever characters the fields hold", async () => {
    store = await createTestStore({ kind });
    const awkward = "quote ' double \" backslash \\ \\' $1 $$ dollar; commit; -- é 日本 🙂 \n\t";
    // Details are JSON text: a NUL or a lone surrogate in them is written as an escape.
    const details = { reason: `${awkward} \u0000 \ud800`, [awkward]: [awkward] };
    await store.transaction(async (tx) => {
      await appendAuditEvent(tx, {
        actor: "zoë@example.com",
        action: "request.created",
        requestId: "req_awkward",
        resourceScope: awkward,
        details,
      });
    });
    const [row] = await store.db.select().from(auditEvents);
    expect(row.resourceScope).toBe(awkward);
    expect(JSON.parse(row.detailsJson)).toEqual(details);
    expect(row.hash).toBe(specHash("", row));
    expect(await verifyAuditChain(store)).toMatchObject({ ok: true, events_verified: 1 });
  });

  it("never lets timestamps go back in id order when this instance's clock is behind", async () => {
    store = await createTestStore({ kind });
    const at = (ms: number) => new Date(Date.UTC(2026, 2, 20, 16, 0, 0, ms));
    const event = { actor: "system", action: "grant.issued", details: {} };
    await store.transaction((tx) => appendAuditEvent(tx, event, at(500)));
    await store.transaction(async (tx) => {
      await appendAuditEvent(tx, event, at(200));
      await appendAuditEvent(tx, event, at(700));
      await appendAuditEvent(tx, event, at(600));
    });
    const rows = await store.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
    expect(rows.map((r) => r.timestamp)).toEqual([500, 500, 700, 700].map((ms) => at(ms).toISOString()));
    expect(await verifyAuditChain(store)).toMatchObject({ ok: true, events_verified: 4 });
  });

  it("refuses an append outside store.transaction(), which would never write it", async () => {
    store = await createTestStore({ kind });
    await expect(
      appendAuditEvent(store.db as never, { actor: "alice@example.com", action: "x", details: {} }),
    ).rejects.toThrow(/store\.transaction/);
  });

  it("refuses separators in the hashed identity fields", async () => {
    store = await createTestStore({ kind });
    await expect(
      store.transaction((tx) => appendAuditEvent(tx, { actor: "a|b@example.com", action: "x", details: {} })),
    ).rejects.toThrow(/must not contain/);
  });

  it("stays one gapless linear chain under concurrent writers", async () => {
    store = await createTestStore({ kind, maxConnections: 12 });
    await Promise.all(
      Array.from({ length: 10 }, (_, w) =>
        (async () => {
          for (let i = 0; i < 20; i++) await append(store, w * 100 + i, `req_w${w}`);
        })(),
      ),
    );
    const result = await verifyAuditChain(store);
    expect(result).toMatchObject({ ok: true, events_verified: 200, head_id: 200 });
  });

  it("reports the first altered, reordered or missing event", async () => {
    store = await createTestStore({ kind });
    for (let i = 1; i <= 6; i++) await append(store, i, "req_1");
    await tamper(store, sql`update audit_events set details_json = '{"z":99}' where id = 3`);
    expect(await verifyAuditChain(store)).toMatchObject({ ok: false, first_bad_id: 3, events_verified: 2 });
    expect((await verifyAuditChain(store)).problem).toContain("hash does not match");
    expect(await verifyAuditChain(store, { fromId: 4 })).toMatchObject({ ok: true, events_verified: 3 });

    const fresh = await createTestStore({ kind });
    try {
      for (let i = 1; i <= 6; i++) await append(fresh, i, "req_1");
      await tamper(fresh, sql`delete from audit_events where id = 4`);
      const gap = await verifyAuditChain(fresh);
      expect(gap).toMatchObject({ ok: false, first_bad_id: 4 });
      expect(gap.problem).toContain("missing");
      await tamper(fresh, sql`delete from audit_events where id >= 5`);
      expect(await verifyAuditChain(fresh)).toMatchObject({ ok: false, first_bad_id: 4 });
    } finally {
      await fresh.close();
    }
  });

  it("filters, paginates by keyset and limits non-privileged callers to their own requests", async () => {
    store = await createTestStore({ kind });
    const now = new Date();
    await store.db.insert(requests).values(
      ["req_A", "req_B"].map((id, i) => ({
        id,
        state: "PENDING",
        requesterIdentity: i === 0 ? "alice@example.com" : "bob@example.com",
        requesterGroups: [],
        provider: "mock",
        role: "r",
        resourceScope: "s",
        durationSeconds: 600,
        reason: "x",
        breakGlass: false,
        metadata: {},
        approverTier: "human",
        requiredApprovals: 1,
        approverGroups: [],
        createdAt: now,
        updatedAt: now,
      })),
    );
    for (let i = 1; i <= 9; i++) await append(store, i, i <= 6 ? "req_A" : "req_B");
    await append(store, 10);

    const ids = (r: { events: { id: number }[] }) => r.events.map((e) => e.id);
    expect(ids(await queryAudit(store.db, erin, {}))).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(ids(await queryAudit(store.db, alice, {}))).toEqual([6, 5, 4, 3, 2, 1]);
    expect(ids(await queryAudit(store.db, bob, {}))).toEqual([9, 8, 7]);
    expect(ids(await queryAudit(store.db, alice, { request_id: "req_B" }))).toEqual([]);
    expect(ids(await queryAudit(store.db, charlie, { request_id: "req_B", order: "asc" }))).toEqual([
      7, 8, 9,
    ]);
    expect(
      ids(
        await queryAudit(store.db, charlie, { actor_identity: "alice@example.com", action: "grant.issued" }),
      ),
    ).toEqual([9, 3]);

    const p1 = await queryAudit(store.db, charlie, { page_size: 4 });
    expect(ids(p1)).toEqual([10, 9, 8, 7]);
    await append(store, 11);
    const p2 = await queryAudit(store.db, charlie, { page_size: 4, page_token: p1.next_page_token ?? "" });
    expect(ids(p2)).toEqual([6, 5, 4, 3]);
    const p3 = await queryAudit(store.db, charlie, { page_size: 4, page_token: p2.next_page_token ?? "" });
    expect(ids(p3)).toEqual([2, 1]);
    expect(p3.next_page_token).toBeNull();
    await expect(queryAudit(store.db, charlie, { page_token: "bogus" })).rejects.toMatchObject({
      code: "invalid_argument",
    });

    const all = await queryAudit(store.db, charlie, { order: "asc" });
    const t3 = new Date(all.events[2].timestamp);
    const window = await queryAudit(store.db, charlie, {
      since: t3,
      until: new Date(t3.getTime() + 1),
      order: "asc",
    });
    expect(await queryAudit(store.db, charlie, { since: t3, until: t3 })).toMatchObject({ events: [] });
    expect(window.events.every((e) => e.timestamp === all.events[2].timestamp)).toBe(true);
    expect(ids(window)).toContain(3);
    expect(all.events[0]).toEqual({
      id: 1,
      timestamp: expect.any(String),
      actor_identity: "alice@example.com",
      action: "request.created",
      request_id: "req_A",
      provider: "mock",
      resource_scope: "sandbox",
      outcome: "success",
      details_json: expect.any(String),
      prev_hash: "",
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });
});
