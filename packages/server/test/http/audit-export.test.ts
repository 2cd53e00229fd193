/**
 * The verification script published in docs/audit-log.md checks a real export: the documented
 * algorithm and the server's chain must agree, and a tampered export must fail naming the event.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness.js";

const doc = readFileSync(new URL("../../../../docs/audit-log.md", import.meta.url), "utf8");
const script = /```python\n([\s\S]*?)```/.exec(doc)?.[1];
const python = spawnSync("python3", ["--version"]).status === 0;
if (!python)
  console.warn("\n*** python3 not found: the published audit verification script is NOT tested ***\n");

describe.runIf(python)("the audit verification script of docs/audit-log.md", () => {
  let s: TestServer;
  let dir: string;
  beforeAll(async () => {
    s = await startTestServer("pglite");
    dir = mkdtempSync(join(tmpdir(), "jitsudo-audit-"));
    const alice = await s.client("alice");
    for (const role of ["read-only", "admin"]) {
      const r = await alice.submitRequest({
        provider: "mock",
        role,
        resource_scope: "s",
        duration_seconds: 600,
        reason: 'é | "quoted"',
      });
      if (r.state === "PENDING") await (await s.client("bob")).approveRequest(r.id, { comment: "ok" });
    }
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (events: unknown) => {
    const file = join(dir, `export-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(events));
    return spawnSync("python3", ["-c", script ?? "", file], { encoding: "utf8" });
  };

  it("accepts the server's export and rejects a tampered one", async () => {
    expect(script).toBeDefined();
    const events = [];
    for await (const e of (await s.client("erin")).iterateAudit({ order: "asc" })) events.push(e);
    expect(events.length).toBeGreaterThanOrEqual(8);
    const ok = run(events);
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(
      `chain intact: ${events.length} events, head ${events.length} ${events.at(-1)?.hash}`,
    );

    const altered = events.map((e) => ({ ...e }));
    altered[4].details_json = altered[4].details_json.replace("mock", "aws");
    const bad = run(altered);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`event ${altered[4].id}: hash does not match its contents`);

    const gap = run(events.filter((_, i) => i !== 3));
    expect(gap.status).toBe(1);
    expect(gap.stderr).toContain(`event ${events[3].id} is missing`);
  });
});
