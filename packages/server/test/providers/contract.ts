import { describe, expect, it } from "vitest";
import { AppError } from "../../src/errors.js";
import type { ElevationRequest, Provider } from "../../src/providers/index.js";

/**
 * The contract every provider must meet (spec 08). Cloud providers run it against their loopback
 * fakes; `make` returns a fresh provider for each test.
 */
export function providerContract(label: string, make: () => Provider | Promise<Provider>): void {
  const base: ElevationRequest = {
    id: "req_01CONTRACT",
    userIdentity: "alice@example.com",
    userGroups: ["sre"],
    role: "read-only",
    scope: "sandbox",
    durationSeconds: 900,
    reason: "contract test",
    metadata: {},
  };
  const refOf = (id: string, g: { revokeToken: string; expiresAt: Date }) => ({
    requestId: id,
    revokeToken: g.revokeToken,
    expiresAt: g.expiresAt,
  });

  describe(`provider contract: ${label}`, () => {
    it("has a stable non-empty name", async () => {
      const p = await make();
      expect(p.name).toMatch(/^[a-z]+$/);
      expect(p.name).toBe(p.name);
    });

    it("accepts a valid request", async () => {
      const p = await make();
      await expect(p.validateRequest(base)).resolves.toBeUndefined();
    });

    it.each([
      ["id", { id: "" }],
      ["user_identity", { userIdentity: "" }],
      ["role", { role: "" }],
      ["duration_seconds", { durationSeconds: 0 }],
      ["duration_seconds", { durationSeconds: -60 }],
    ])("rejects a request with a bad %s, naming the field", async (field, patch) => {
      const p = await make();
      const err = await p.validateRequest({ ...base, ...patch }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe("invalid_argument");
      expect((err as AppError).detail).toContain(field);
    });

    it("grants with a future expiry no later than requested", async () => {
      const p = await make();
      const before = Date.now();
      const g = await p.grant(base);
      expect(g.expiresAt.getTime()).toBeGreaterThan(Date.now());
      expect(g.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + base.durationSeconds * 1000);
      expect(g.issuedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(() => JSON.parse(g.revokeToken)).not.toThrow();
      expect(g.credentials.length).toBeGreaterThan(0);
    });

    it("grants twice as one binding (idempotent per request id)", async () => {
      const p = await make();
      const a = await p.grant(base);
      const b = await p.grant(base);
      expect(b.revokeToken).toBe(a.revokeToken);
      expect(b.expiresAt.getTime()).toBe(a.expiresAt.getTime());
      await p.revoke(refOf(base.id, b));
      expect(await p.isActive(refOf(base.id, a))).toBe(false);
    });

    it("is active after grant and not after revoke; revoke twice succeeds", async () => {
      const p = await make();
      const g = await p.grant(base);
      expect(await p.isActive(refOf(base.id, g))).toBe(true);
      await p.revoke(refOf(base.id, g));
      expect(await p.isActive(refOf(base.id, g))).toBe(false);
      await expect(p.revoke(refOf(base.id, g))).resolves.toBeUndefined();
    });

    it("revokes something already gone", async () => {
      const p = await make();
      const g = await p.grant(base);
      const other = await make();
      await expect(other.revoke(refOf(base.id, g))).resolves.toBeUndefined();
    });
  });
}
