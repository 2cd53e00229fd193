import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  buildProviderRegistry,
  type ElevationRequest,
  MockProvider,
  MockProviderError,
  ProviderRegistry,
} from "../../src/providers/index.js";
import { providerContract } from "./contract.js";

providerContract("mock", () => new MockProvider());

const req: ElevationRequest = {
  id: "req_01MOCK",
  userIdentity: "alice@example.com",
  userGroups: [],
  role: "read-only",
  scope: "",
  durationSeconds: 600,
  reason: "r",
  metadata: {},
};

describe("mock provider", () => {
  it("returns the spec's credentials in order", async () => {
    const g = await new MockProvider().grant(req);
    expect(g.credentials).toEqual([
      { name: "MOCK_ACCESS_KEY", value: "mock-access-key-req_01MOCK" },
      { name: "MOCK_SESSION_TOKEN", value: "mock-session-token-req_01MOCK" },
    ]);
  });

  it("expires exactly duration after issue, on its clock", async () => {
    const now = new Date("2026-03-20T16:00:00.000Z");
    const p = new MockProvider({}, { now: () => now });
    const g = await p.grant(req);
    expect(g.issuedAt).toEqual(now);
    expect(g.expiresAt.toISOString()).toBe("2026-03-20T16:10:00.000Z");
  });

  it("fails the first fail_grant_times grants, then succeeds with a single binding", async () => {
    const p = new MockProvider({ fail_grant_times: 2 });
    await expect(p.grant(req)).rejects.toBeInstanceOf(MockProviderError);
    await expect(p.grant(req)).rejects.toThrow(/injected grant failure/);
    await expect(p.grant(req)).resolves.toBeDefined();
    await p.grant(req);
    expect(p.bindingsCreated(req.id)).toBe(1);
  });

  it("fails the first fail_revoke_times revokes and remembers the revocation when it succeeds", async () => {
    const p = new MockProvider({ fail_revoke_times: 1 });
    const g = await p.grant(req);
    const ref = { requestId: req.id, revokeToken: g.revokeToken, expiresAt: g.expiresAt };
    await expect(p.revoke(ref)).rejects.toThrow(/injected revoke failure/);
    expect(p.hasBinding(req.id)).toBe(true);
    await p.revoke(ref);
    expect(p.wasRevoked(req.id)).toBe(true);
    expect(p.hasBinding(req.id)).toBe(false);
  });

  it("waits latency_ms before answering", async () => {
    const p = new MockProvider({ latency_ms: 50 });
    const t0 = performance.now();
    await p.grant(req);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(45);
  });

  it("is not active once its expiry has passed", async () => {
    let now = new Date("2026-03-20T16:00:00.000Z");
    const p = new MockProvider({}, { now: () => now });
    const g = await p.grant(req);
    const ref = { requestId: req.id, revokeToken: g.revokeToken, expiresAt: g.expiresAt };
    expect(await p.isActive(ref)).toBe(true);
    now = new Date(g.expiresAt.getTime());
    expect(await p.isActive(ref)).toBe(false);
  });
});

describe("provider registry", () => {
  it("registers mock only when configured, with its failure injection", async () => {
    const none = { mock: undefined, aws: undefined, azure: undefined, gcp: undefined, kubernetes: undefined };
    expect(buildProviderRegistry(none).get("mock")).toBeUndefined();
    const withMock = {
      ...none,
      mock: {
        failGrantTimes: 1,
        failRevokeTimes: 0,
        latencyMs: 0,
        stateFile: undefined,
        maxDurationMs: undefined,
      },
    };
    const registry = buildProviderRegistry(withMock);
    expect(registry.names()).toEqual(["mock"]);
    const mock = registry.get("mock");
    expect(mock).toBeInstanceOf(MockProvider);
    const req = {
      id: "req_1",
      userIdentity: "a@example.com",
      userGroups: [],
      role: "r",
      scope: "s",
      durationSeconds: 60,
      reason: "",
      metadata: {},
    };
    await expect(mock?.grant(req)).rejects.toThrow(/injected grant failure/);
    await expect(mock?.grant(req)).resolves.toMatchObject({ credentials: expect.any(Array) });
  });

  it("refuses a provider registered twice", () => {
    expect(() => new ProviderRegistry([new MockProvider(), new MockProvider()])).toThrow(/twice/);
  });
});

describe("mock provider with a state file", () => {
  it("shares its bindings with restarts and other instances through the journal", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jitsudo-mock-"));
    try {
      const state_file = join(dir, "mock.jsonl");
      const first = new MockProvider({ state_file });
      const g = await first.grant(req);
      const second = new MockProvider({ state_file });
      expect(second.hasBinding(req.id)).toBe(true);
      expect(await second.grant(req)).toEqual(g);
      expect(second.bindingsCreated(req.id)).toBe(1);
      await second.revoke({ requestId: req.id, revokeToken: g.revokeToken, expiresAt: g.expiresAt });
      expect(first.hasBinding(req.id)).toBe(false);
      expect(first.wasRevoked(req.id)).toBe(true);
      expect(
        await new MockProvider({ state_file }).isActive({
          requestId: req.id,
          revokeToken: g.revokeToken,
          expiresAt: g.expiresAt,
        }),
      ).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const journalDir = mkdtempSync(join(tmpdir(), "jitsudo-mock-contract-"));
afterAll(() => rmSync(journalDir, { recursive: true, force: true }));
let journals = 0;
providerContract(
  "mock with a state file",
  () => new MockProvider({ state_file: join(journalDir, `${++journals}.jsonl`) }),
);

describe("mock provider max_duration", () => {
  it("ends grants at the configured limit, like a cloud session limit", async () => {
    const g = await new MockProvider({ max_duration_ms: 3000 }).grant(req);
    expect(g.expiresAt.getTime() - g.issuedAt.getTime()).toBe(3000);
    const unlimited = await new MockProvider().grant(req);
    expect(unlimited.expiresAt.getTime() - unlimited.issuedAt.getTime()).toBe(600_000);
  });
});
