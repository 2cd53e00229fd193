import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../../src/auth/principal.js";
import { AppError } from "../../src/errors.js";
import { canTransition, REQUEST_STATES, type RequestState } from "../../src/workflow/states.js";
import { alice, bob, charlie, dave, mallory } from "./fixtures.js";
import { createHarness, eventually, type Harness, STORE_KINDS } from "./harness.js";

/** States reachable from each state through one or more legal transitions. */
const reachable = new Map<RequestState, Set<RequestState>>(
  REQUEST_STATES.map((from) => {
    const seen = new Set<RequestState>();
    const walk = (s: RequestState) => {
      for (const to of REQUEST_STATES) {
        if (canTransition(s, to) && !seen.has(to)) {
          seen.add(to);
          walk(to);
        }
      }
    };
    walk(from);
    return [from, seen];
  }),
);

type Action =
  | { kind: "submit"; role: "admin" | "read-only" | "two-person" }
  | { kind: "approve" | "deny" | "revoke" | "credentials"; who: Caller; target: number }
  | { kind: "pause" };

const who = fc.constantFrom(alice, bob, dave, charlie, mallory);
const target = fc.nat({ max: 3 });
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant("submit" as const),
    role: fc.constantFrom("admin", "read-only", "two-person"),
  }),
  fc.record({ kind: fc.constantFrom("approve", "deny", "revoke", "credentials"), who, target }),
  fc.constant({ kind: "pause" as const }),
);

describe.each(STORE_KINDS)("workflow property on %s", (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(kind, { mock: { latency_ms: 5 }, config: { grantWaitMs: 2_000 } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("random action sequences never make an illegal transition or a second grant, and the chain verifies", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 10 }), async (actions) => {
        const ids: string[] = [];
        const lastState = new Map<string, RequestState>();
        const observe = async () => {
          for (const id of ids) {
            const now = (await h.service.get(charlie, id)).state;
            const before = lastState.get(id);
            if (before !== undefined && before !== now) {
              expect(reachable.get(before)?.has(now), `${before} → ${now}`).toBe(true);
            }
            lastState.set(id, now);
            expect(h.mock.bindingsCreated(id)).toBeLessThanOrEqual(1);
          }
        };
        for (const a of actions) {
          try {
            if (a.kind === "submit") {
              const r = await h.service.submit(alice, {
                provider: "mock",
                role: a.role,
                resource_scope: "s",
                duration_seconds: 600,
                reason: "property",
              });
              ids.push(r.id);
            } else if (a.kind === "pause") {
              await new Promise((r) => setTimeout(r, 20));
            } else if (ids.length > 0) {
              const id = ids[a.target % ids.length];
              if (a.kind === "approve") await h.service.approve(a.who, id, "ok");
              else if (a.kind === "deny") await h.service.deny(a.who, id, "no");
              else if (a.kind === "revoke") await h.service.revoke(a.who, id, "done");
              else await h.service.credentials(a.who, id);
            }
          } catch (err) {
            // Refusals are part of the contract; anything else is a bug.
            expect(err).toBeInstanceOf(AppError);
            expect(["not_found", "permission_denied", "wrong_state"]).toContain((err as AppError).code);
          }
          await observe();
        }
        // Once jobs settle: ended grants are gone at the provider, only ACTIVE ones keep credentials.
        for (const id of ids) {
          const r = await eventually(
            () => h.service.get(charlie, id),
            (v) => v.state !== "APPROVED",
          );
          if (r.state === "REVOKED" || r.state === "EXPIRED") {
            await eventually(
              async () => h.mock.hasBinding(id),
              (bound) => !bound,
            );
            expect(h.mock.hasBinding(id)).toBe(false);
          }
          expect(await h.hasCredentialsRow(id)).toBe(r.state === "ACTIVE");
        }
        await observe();
        expect(await h.chainOk()).toBe(true);
      }),
      { numRuns: 15 },
    );
  });
});
