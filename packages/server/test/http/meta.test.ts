/** The unauthenticated endpoints, the OpenAPI document and readiness while dependencies are down. */
import { randomBytes } from "node:crypto";
import { ROUTES } from "@jitsudo/client";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ControlPlane } from "../../src/app/control-plane.js";
import { OidcVerifier } from "../../src/auth/index.js";
import { parseConfig } from "../../src/config/index.js";
import { freePort, startTestServer, type TestServer } from "./harness.js";

describe("unauthenticated endpoints", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer("pglite");
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  });

  it("answers /healthz, /readyz and /version", async () => {
    expect(await s.call("GET", "/healthz")).toMatchObject({ status: 200, text: "ok" });
    expect(await s.call("GET", "/readyz")).toMatchObject({ status: 200, text: "ok" });
    const v = await s.call("GET", "/version");
    expect(v.json).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), api_versions: ["v1alpha1"] });
  });

  it("exports Prometheus metrics for HTTP calls, policies, requests, jobs and the audit log", async () => {
    await s.call("GET", "/api/v1alpha1/whoami", { user: "alice" });
    await (await s.client("alice")).submitRequest({
      provider: "mock",
      role: "read-only",
      resource_scope: "s",
      duration_seconds: 600,
      reason: "metrics",
    });
    const m = await s.call("GET", "/metrics");
    expect(m.status).toBe(200);
    expect(m.contentType).toContain("text/plain");
    expect(m.text).toMatch(
      /jitsudod_http_requests_total\{method="GET",route="\/api\/v1alpha1\/whoami",status="200"\} 1/,
    );
    expect(m.text).toMatch(/jitsudod_http_request_duration_seconds_bucket\{/);
    expect(m.text).toMatch(/jitsudod_policy_evaluations_total\{type="eligibility",outcome="allow"\} 1/);
    expect(m.text).toMatch(/jitsudod_requests\{state="ACTIVE"\} 1/);
    expect(m.text).toMatch(/jitsudod_jobs_queued \d+/);
    expect(m.text).toMatch(/jitsudod_audit_events [1-9]\d*/);
    expect(m.text).not.toContain("eyJ"); // no token ever
  });

  it("serves an OpenAPI 3.1 document of every route whose references all resolve", async () => {
    const doc = (await s.call("GET", "/openapi.json")).json;
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.values(
      doc.paths as Record<string, Record<string, { operationId: string }>>,
    ).flatMap((p) => Object.values(p).map((op) => op.operationId));
    expect(operations.sort()).toEqual(Object.keys(ROUTES).sort());
    expect(Object.keys(doc.paths)).toContain("/api/v1alpha1/policies:eval");
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of new Set(refs)) {
      const name = ref.slice('"$ref":"#/components/schemas/'.length, -1);
      expect(ref.startsWith('"$ref":"#/components/schemas/'), ref).toBe(true);
      expect(doc.components.schemas[name], ref).toBeDefined();
    }
    const submit = doc.paths["/api/v1alpha1/requests"].post;
    expect(submit.requestBody.content["application/json"].schema.$ref).toBe(
      "#/components/schemas/SubmitRequestBody",
    );
    expect(submit.responses["201"]).toBeDefined();
    const list = doc.paths["/api/v1alpha1/requests"].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toContain("page_token");
  });
});

describe("readiness while dependencies are down", () => {
  it("answers 503 with the reasons on /readyz and the API until the database and IdP are reachable", async () => {
    const port = await freePort();
    const deadPort = await freePort();
    const { config } = parseConfig(
      {
        server: { http_addr: `127.0.0.1:${port}` },
        database: { url: `postgres://nobody@127.0.0.1:${deadPort}/none` },
        auth: { oidc_issuer: `http://127.0.0.1:${deadPort}/idp` },
        security: { encryption_key: randomBytes(32).toString("base64") },
      },
      {},
      "serve",
    );
    const log = pino({ level: "silent" });
    const auth = new OidcVerifier({
      issuer: `http://127.0.0.1:${deadPort}/idp`,
      audiences: ["jitsudo-cli"],
      groupsClaim: "groups",
      adminGroup: "jitsudo-admins",
      adminEmails: [],
      auditorGroup: "jitsudo-auditors",
      log,
    });
    const plane = await ControlPlane.create({ config, log, version: "test", auth });
    await plane.listen("127.0.0.1", port);
    try {
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      const text = await ready.text();
      expect(ready.status).toBe(503);
      expect(text).toContain("database:");
      expect(text).toContain("identity provider:");
      const api = await fetch(`${base}/api/v1alpha1/whoami`, { headers: { authorization: "Bearer a.b.c" } });
      expect(api.status).toBe(503);
      expect(await api.json()).toMatchObject({ code: "unavailable" });
    } finally {
      await plane.close(100);
    }
  });
});
