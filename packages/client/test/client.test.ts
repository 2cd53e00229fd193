import { createServer } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApiError, ConnectionError, type DebugEvent, JitsudoClient, ResponseError } from "../src/index.js";
import { auditEvent, policyView, principalView, requestView } from "./fixtures.js";
import { type StubServer, json, problem, startStubServer } from "./stub-server.js";

const TOKEN = "eyJhbGciOiJSUzI1NiJ9.secret-payload.signature";
let server: StubServer;

beforeAll(async () => {
  server = await startStubServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

function client(extra: Partial<ConstructorParameters<typeof JitsudoClient>[0]> = {}) {
  return new JitsudoClient({ baseUrl: `${server.url}/`, token: TOKEN, ...extra });
}

describe("requests and answers", () => {
  it("submits a request with a bearer token and a JSON body, and parses the 201 answer", async () => {
    server.handle((_req, res) => json(res, 201, { request: requestView() }));
    const body = {
      provider: "aws",
      role: "sandbox-readonly",
      resource_scope: "1234",
      duration_seconds: 1800,
      reason: "r",
    };
    const request = await client().submitRequest(body);

    expect(request).toEqual(requestView());
    const [sent] = server.requests;
    expect(sent.method).toBe("POST");
    expect(sent.url).toBe("/api/v1alpha1/requests");
    expect(sent.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(sent.body)).toEqual(body);
  });

  it("encodes list queries: booleans, numbers, states, and skips unset values", async () => {
    server.handle((_req, res) => json(res, 200, { requests: [requestView()], next_page_token: "abc" }));
    const page = await client().listRequests({ mine: true, pending: false, state: "ACTIVE", page_size: 20 });

    expect(page.next_page_token).toBe("abc");
    expect(server.requests[0].url).toBe(
      "/api/v1alpha1/requests?mine=true&pending=false&state=ACTIVE&page_size=20",
    );
  });

  it("sends the long-poll parameters and waits longer than the plain timeout for them", async () => {
    server.handle((_req, res) => {
      setTimeout(() => json(res, 200, { request: requestView({ state: "ACTIVE" }) }), 300);
    });
    const request = await client({ timeoutMs: 100 }).getRequest("req_1", {
      wait_seconds: 1,
      known_state: "PENDING",
    });

    expect(request.state).toBe("ACTIVE");
    expect(server.requests[0].url).toBe("/api/v1alpha1/requests/req_1?wait_seconds=1&known_state=PENDING");
  });

  it("reads credentials with purpose and command", async () => {
    const grant = {
      request_id: "req_1",
      credentials: [{ name: "AWS_ACCESS_KEY_ID", value: "ASIA" }],
      issued_at: "2026-03-20T16:00:00.000Z",
      expires_at: "2026-03-20T18:00:00.000Z",
    };
    server.handle((_req, res) => json(res, 200, { grant }));
    expect(await client().readCredentials("req_1", { purpose: "exec", command: "aws" })).toEqual(grant);
    expect(server.requests[0].url).toBe("/api/v1alpha1/requests/req_1/credentials?purpose=exec&command=aws");
  });

  it("encodes identities in paths", async () => {
    server.handle((_req, res) => json(res, 200, { principal: principalView({ trust_tier: 3 }) }));
    await client().setTrustTier("alice+ops@example.com", { trust_tier: 3, notes: "on call" });

    const [sent] = server.requests;
    expect(sent.method).toBe("PUT");
    expect(sent.url).toBe("/api/v1alpha1/principals/alice%2Bops%40example.com/trust-tier");
    expect(JSON.parse(sent.body)).toEqual({ trust_tier: 3, notes: "on call" });
  });

  it("handles 204 answers and bodiless POSTs", async () => {
    server.handle((req, res) => {
      if (req.method === "DELETE") res.writeHead(204).end();
      else json(res, 200, { policies_loaded: 3 });
    });
    await expect(client().deletePolicy("pol_1")).resolves.toBeUndefined();
    expect(await client().reloadPolicies()).toEqual({ policies_loaded: 3 });
    expect(server.requests.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual([
      "DELETE /api/v1alpha1/policies/pol_1 ",
      "POST /api/v1alpha1/admin/reload-policies ",
    ]);
    expect(server.requests[1].headers["content-type"]).toBeUndefined();
  });

  it("unwraps single-object envelopes and lists", async () => {
    server.handle((req, res) => {
      if (req.url.startsWith("/api/v1alpha1/policies?")) json(res, 200, { policies: [policyView()] });
      else json(res, 200, { policy: policyView() });
    });
    const [summary] = await client().listPolicies({ type: "eligibility" });
    expect(summary).not.toHaveProperty("rego");
    expect((await client().getPolicy("pol_1")).rego).toContain("package jitsudo.eligibility");
    expect(server.requests[0].url).toBe("/api/v1alpha1/policies?type=eligibility");
  });

  it("follows page tokens to the end", async () => {
    server.handle((req, res) => {
      const token = new URL(req.url, "http://x").searchParams.get("page_token");
      if (token === null) json(res, 200, { events: [auditEvent(3), auditEvent(2)], next_page_token: "t2" });
      else json(res, 200, { events: [auditEvent(1)], next_page_token: null });
    });
    const ids: number[] = [];
    for await (const event of client().iterateAudit({ request_id: "req_1", page_size: 2 }))
      ids.push(event.id);

    expect(ids).toEqual([3, 2, 1]);
    expect(server.requests.map((r) => r.url)).toEqual([
      "/api/v1alpha1/audit?request_id=req_1&page_size=2",
      "/api/v1alpha1/audit?request_id=req_1&page_size=2&page_token=t2",
    ]);
  });

  it("probes health and version without a token", async () => {
    server.handle((req, res) => {
      if (req.url === "/version") json(res, 200, { version: "0.1.0", api_versions: ["v1alpha1"] });
      else if (req.url === "/readyz") res.writeHead(503).end("database unreachable\n");
      else res.writeHead(200).end("ok");
    });
    const c = client();
    expect(await c.healthz()).toEqual({ ok: true, status: 200, body: "ok" });
    expect(await c.readyz()).toEqual({ ok: false, status: 503, body: "database unreachable" });
    expect(await c.serverVersion()).toEqual({ version: "0.1.0", api_versions: ["v1alpha1"] });
    expect(server.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
  });
});

describe("errors", () => {
  it("maps problem+json to ApiError with status, code and detail", async () => {
    const detail = "request req_1 is ACTIVE; only PENDING requests can be approved";
    server.handle((_req, res) => problem(res, 409, "wrong_state", detail));
    const error = await client()
      .approveRequest("req_1", { comment: "ok" })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 409,
      code: "wrong_state",
      detail,
      message: detail,
      method: "POST",
    });
  });

  it("maps an error without a problem document to a code from its status", async () => {
    server.handle((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" }).end("<html>bad gateway</html>");
    });
    const error = await client()
      .whoami()
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 502, code: "unavailable", detail: "HTTP 502 Bad Gateway" });
  });

  it("reports an unreachable server by its URL", async () => {
    const port = await closedPort();
    const error = await new JitsudoClient({ baseUrl: `http://127.0.0.1:${port}` })
      .whoami()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(
      new RegExp(`^cannot reach the jitsudo server at http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
  });

  it("reports a server that does not answer in time", async () => {
    server.handle(() => undefined);
    const error = await client({ timeoutMs: 200 })
      .whoami()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/: no answer within 200 ms$/);
  });

  it("rejects an answer that is not what the API defines", async () => {
    server.handle((_req, res) => json(res, 200, { request: { ...requestView(), state: "WEIRD" } }));
    const error = await client()
      .getRequest("req_1")
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect((error as Error).message).toMatch(
      /^unexpected answer to GET .*\/requests\/req_1: request\.state: /,
    );
  });
});

describe("debug hook", () => {
  it("reports method, URL, status and time, and never the token or bodies", async () => {
    server.handle((_req, res) => problem(res, 403, "permission_denied", "only an admin may list principals"));
    const events: DebugEvent[] = [];
    await client({ debug: (e) => events.push(e) })
      .listPrincipals({ page_size: 10 })
      .catch(() => undefined);

    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      method: "GET",
      url: `${server.url}/api/v1alpha1/principals?page_size=10`,
      status: 403,
    });
    expect(events[0].ms).toBeGreaterThanOrEqual(0);
    const printed = JSON.stringify(events);
    expect(printed).not.toContain(TOKEN);
    expect(printed).not.toContain("secret-payload");
    expect(printed).not.toContain("only an admin");
  });

  it("reports failures without an answer", async () => {
    const port = await closedPort();
    const events: DebugEvent[] = [];
    await new JitsudoClient({
      baseUrl: `http://127.0.0.1:${port}`,
      token: TOKEN,
      debug: (e) => events.push(e),
    })
      .whoami()
      .catch(() => undefined);

    expect(events[0].status).toBeUndefined();
    expect(events[0].error).toMatch(/ECONNREFUSED/);
  });
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
