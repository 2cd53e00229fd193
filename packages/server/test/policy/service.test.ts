import { createHash } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../../src/errors.js";
import { PolicyRuntime, PolicyService, regoEngine } from "../../src/policy/index.js";
import type { Store } from "../../src/store/index.js";
import { auditEvents, policies } from "../../src/store/schema.js";
import { createTestStore } from "../support/index.js";
import { alice, charlie } from "../workflow/fixtures.js";
import { eventually, STORE_KINDS } from "../workflow/harness.js";

const log = pino({ level: "silent" });
const ELIG = `package jitsudo.eligibility
import rego.v1
default allow := false
allow if "sre" in input.user.groups
`;
const ELIG_V2 = ELIG.replace('"sre"', '"oncall"');
const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const sre = { user: { groups: ["sre"] } };

describe.each(STORE_KINDS)("policy service on %s", (kind) => {
  let store: Store;
  const services: PolicyService[] = [];
  const open = async () => {
    store ??= await createTestStore({ kind });
    const runtime = new PolicyRuntime({ engine: regoEngine, evalTimeoutMs: 1000, log });
    const service = new PolicyService({ store, runtime, log, reloadIntervalMs: 60_000 });
    await service.start();
    services.push(service);
    return service;
  };
  afterEach(async () => {
    for (const s of services.splice(0)) await s.stop();
    await store?.close();
    store = undefined as unknown as Store;
  });

  it("creates, then updates by name, auditing each with the source's SHA-256", async () => {
    const svc = await open();
    const created = await svc.apply(charlie, {
      name: "sre",
      type: "eligibility",
      rego: ELIG,
      description: "d",
    });
    expect(created).toMatchObject({
      name: "sre",
      type: "eligibility",
      enabled: true,
      rego: ELIG,
      updated_by: "charlie@example.com",
    });
    expect(svc.eval(alice, { input: sre }).allowed).toBe(true);
    const updated = await svc.apply(charlie, { name: "sre", type: "eligibility", rego: ELIG_V2 });
    expect(updated.id).toBe(created.id);
    expect(svc.eval(alice, { input: sre }).allowed).toBe(false);
    const events = (await store.db.select().from(auditEvents).orderBy(asc(auditEvents.id))).filter((e) =>
      e.action.startsWith("policy."),
    );
    expect(events.map((e) => e.action)).toEqual(["policy.created", "policy.updated"]);
    expect(JSON.parse(events[1].detailsJson)).toEqual({
      policy_name: "sre",
      policy_type: "eligibility",
      enabled: true,
      rego_sha256: sha(ELIG_V2),
    });
    expect(events[0].actorIdentity).toBe("charlie@example.com");
  });

  it("refuses a source that does not compile (422) and changes nothing", async () => {
    const svc = await open();
    await svc.apply(charlie, { name: "sre", type: "eligibility", rego: ELIG });
    const err = await svc
      .apply(charlie, { name: "sre", type: "eligibility", rego: "package jitsudo.eligibility\nallow if {" })
      .catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe("policy_error");
    expect(err.detail).toMatch(/sre\.rego:\d+:\d+/);
    const disabledBroken = await svc
      .apply(charlie, {
        name: "other",
        type: "eligibility",
        rego: "package jitsudo.eligibility\nallow if {",
        enabled: false,
      })
      .catch((e) => e);
    expect(disabledBroken.code).toBe("policy_error");
    const [row] = await store.db.select().from(policies).where(eq(policies.name, "sre"));
    expect(row.rego).toBe(ELIG);
    expect((await svc.list(alice)).map((p) => p.name)).toEqual(["sre"]);
  });

  it("lets only admins change policies; anyone reads them (list without rego)", async () => {
    const svc = await open();
    const err = await svc.apply(alice, { name: "x", type: "eligibility", rego: ELIG }).catch((e) => e);
    expect(err.code).toBe("permission_denied");
    const p = await svc.apply(charlie, { name: "x", type: "eligibility", rego: ELIG });
    expect((await svc.delete(alice, p.id).catch((e) => e)).code).toBe("permission_denied");
    const [listed] = await svc.list(alice);
    expect(listed.rego).toBeUndefined();
    expect((await svc.get(alice, p.id)).rego).toBe(ELIG);
    expect(await svc.list(alice, "approval")).toEqual([]);
  });

  it("deletes with policy.deleted, and the set no longer holds it", async () => {
    const svc = await open();
    const p = await svc.apply(charlie, { name: "sre", type: "eligibility", rego: ELIG });
    await svc.delete(charlie, p.id);
    expect((await svc.get(alice, p.id).catch((e) => e)).code).toBe("not_found");
    expect((await svc.delete(charlie, p.id).catch((e) => e)).code).toBe("not_found");
    expect(svc.eval(alice, { input: sre }).reason).toBe("no eligibility policy is enabled");
    const last = (await store.db.select().from(auditEvents).orderBy(asc(auditEvents.id))).at(-1);
    expect(last?.action).toBe("policy.deleted");
  });

  it("tells other instances through NOTIFY", async () => {
    const a = await open();
    const b = await open();
    await a.apply(charlie, { name: "sre", type: "eligibility", rego: ELIG });
    const seen = await eventually(
      async () => b.eval(alice, { input: sre }).allowed,
      (v) => v,
      3_000,
    );
    expect(seen).toBe(true);
  });

  it("reports a stored policy that no longer compiles and loads the rest", async () => {
    const svc = await open();
    await svc.apply(charlie, { name: "good", type: "eligibility", rego: ELIG });
    await store.db
      .update(policies)
      .set({ rego: "package jitsudo.eligibility\nallow if {" })
      .where(eq(policies.name, "good"));
    await svc.apply(charlie, { name: "good2", type: "eligibility", rego: ELIG });
    const { ready, problems } = svc.readiness();
    expect(ready).toBe(true);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("good");
    expect(svc.eval(alice, { input: sre }).allowed).toBe(true);
    expect((await svc.adminReload(charlie)).policies_loaded).toBe(1);
    expect((await svc.adminReload(alice).catch((e) => e)).code).toBe("permission_denied");
  });
});
