import { asc } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { PrincipalService } from "../../src/principals/index.js";
import type { Store } from "../../src/store/index.js";
import { auditEvents } from "../../src/store/schema.js";
import { createTestStore } from "../support/index.js";
import { alice, bob, charlie } from "../workflow/fixtures.js";
import { STORE_KINDS } from "../workflow/harness.js";

describe.each(STORE_KINDS)("principals on %s", (kind) => {
  let store: Store;
  afterEach(async () => {
    await store?.close();
  });
  const open = async (now?: () => Date) => {
    store = await createTestStore({ kind });
    return new PrincipalService(store, now);
  };

  it("creates a tier-0 principal on first sight and keeps last_seen_at moving forward", async () => {
    let t = new Date("2026-03-20T16:00:00.000Z");
    const svc = await open(() => t);
    expect(await svc.recordSeen("alice@example.com")).toBe(0);
    expect(await svc.get(alice, "alice@example.com")).toEqual({
      identity: "alice@example.com",
      trust_tier: 0,
      notes: null,
      enrolled_by: null,
      enrolled_at: null,
      last_seen_at: "2026-03-20T16:00:00.000Z",
    });
    t = new Date("2026-03-20T17:00:00.000Z");
    await svc.recordSeen("alice@example.com");
    expect((await svc.get(alice, "alice@example.com")).last_seen_at).toBe("2026-03-20T17:00:00.000Z");
    expect(await svc.trustTier("nobody@example.com")).toBe(0);
  });

  it("lets an admin set a tier, audited with the previous tier", async () => {
    const svc = await open();
    await svc.recordSeen("alice@example.com");
    const p = await svc.setTrustTier(charlie, "alice@example.com", { trust_tier: 3, notes: "on-call lead" });
    expect(p).toMatchObject({ trust_tier: 3, notes: "on-call lead", enrolled_by: "charlie@example.com" });
    await svc.setTrustTier(charlie, "alice@example.com", { trust_tier: 1 });
    expect(await svc.recordSeen("alice@example.com")).toBe(1);
    const events = await store.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
    expect(events.map((e) => e.action)).toEqual(["principal.trust_tier_set", "principal.trust_tier_set"]);
    expect(JSON.parse(events[0].detailsJson)).toEqual({
      identity: "alice@example.com",
      trust_tier: 3,
      previous_trust_tier: 0,
      notes: "on-call lead",
    });
    expect(JSON.parse(events[1].detailsJson).previous_trust_tier).toBe(3);
    expect(events[0].actorIdentity).toBe("charlie@example.com");
  });

  it("can enroll an identity never seen", async () => {
    const svc = await open();
    await svc.setTrustTier(charlie, "new@example.com", { trust_tier: 2 });
    expect(await svc.trustTier("new@example.com")).toBe(2);
  });

  it("refuses non-admins (403), tiers outside 0-4 (400), other principals' records (403), unknown ones (404)", async () => {
    const svc = await open();
    await svc.recordSeen("alice@example.com");
    expect((await svc.setTrustTier(alice, "alice@example.com", { trust_tier: 4 }).catch((e) => e)).code).toBe(
      "permission_denied",
    );
    for (const t of [5, -1, 1.5]) {
      const err = await svc.setTrustTier(charlie, "alice@example.com", { trust_tier: t }).catch((e) => e);
      expect(err.code).toBe("invalid_argument");
      expect(err.detail).toContain("trust_tier");
    }
    expect((await svc.get(bob, "alice@example.com").catch((e) => e)).code).toBe("permission_denied");
    expect((await svc.get(charlie, "ghost@example.com").catch((e) => e)).code).toBe("not_found");
    expect((await svc.list(alice, {}).catch((e) => e)).code).toBe("permission_denied");
    expect(await store.db.select().from(auditEvents)).toEqual([]);
  });

  it("lists with keyset pagination in identity order", async () => {
    const svc = await open();
    for (const id of ["c@x.io", "a@x.io", "e@x.io", "b@x.io", "d@x.io"]) await svc.recordSeen(id);
    const p1 = await svc.list(charlie, { page_size: 2 });
    expect(p1.principals.map((p) => p.identity)).toEqual(["a@x.io", "b@x.io"]);
    const p2 = await svc.list(charlie, { page_size: 2, page_token: p1.next_page_token ?? "" });
    expect(p2.principals.map((p) => p.identity)).toEqual(["c@x.io", "d@x.io"]);
    await svc.recordSeen("bb@x.io");
    const p3 = await svc.list(charlie, { page_size: 2, page_token: p2.next_page_token ?? "" });
    expect(p3.principals.map((p) => p.identity)).toEqual(["e@x.io"]);
    expect(p3.next_page_token).toBeNull();
    expect((await svc.list(charlie, { page_token: "!!" }).catch((e) => e)).code).toBe("invalid_argument");
  });
});
