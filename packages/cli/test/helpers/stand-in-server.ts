/**
 * A small stand-in for jitsudod on loopback, speaking the real API shapes: it checks what the CLI
 * sends with the client's input schemas and what it answers with the response schemas. It keeps
 * requests in memory; tests move them between states as an approver would.
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  API_PREFIX,
  type AuditEvent,
  type ElevationRequest,
  ROUTES,
  type RequestState,
  type RouteSpec,
} from "@jitsudo/client";
import type { z } from "zod";

export const TOKEN = "eyJhbGciOiJub25lIn0.stand-in-token-payload.sig";

export interface Received {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
  body?: unknown;
}

interface Route {
  spec: RouteSpec;
  pattern: RegExp;
  handle(
    params: Record<string, string>,
    query: unknown,
    body: unknown,
    res: ServerResponse,
  ): void | Promise<void>;
}

export class StandInServer {
  readonly received: Received[] = [];
  readonly requests = new Map<string, ElevationRequest>();
  auditEvents: AuditEvent[] = [];
  #sequence = 0;
  #server = createServer((req, res) => void this.#serve(req, res));
  #url = "";

  static async start(): Promise<StandInServer> {
    const standIn = new StandInServer();
    await new Promise<void>((resolve) => standIn.#server.listen(0, "127.0.0.1", resolve));
    standIn.#url = `http://127.0.0.1:${(standIn.#server.address() as AddressInfo).port}`;
    return standIn;
  }

  get url(): string {
    return this.#url;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  /** Adds a request as the server would hold it. */
  add(overrides: Partial<ElevationRequest> = {}): ElevationRequest {
    const now = new Date().toISOString();
    const request: ElevationRequest = {
      id: `req_${String(++this.#sequence).padStart(26, "0")}`,
      state: "PENDING",
      requester_identity: "alice@example.com",
      provider: "mock",
      role: "admin",
      resource_scope: "dev",
      duration_seconds: 3600,
      reason: "testing",
      break_glass: false,
      metadata: {},
      approver_tier: "human",
      approver_identity: null,
      approver_comment: null,
      ai_reasoning: null,
      created_at: now,
      updated_at: now,
      approved_at: null,
      activated_at: null,
      expires_at: null,
      ended_at: null,
      last_error: null,
      ...overrides,
    };
    this.requests.set(request.id, request);
    return request;
  }

  /** Moves a request to `state`, as an approver or the grant job would. */
  transition(id: string, state: RequestState, changes: Partial<ElevationRequest> = {}): void {
    const current = this.requests.get(id);
    if (!current) throw new Error(`no request ${id}`);
    const active =
      state === "ACTIVE"
        ? { expires_at: new Date(Date.now() + current.duration_seconds * 1000).toISOString() }
        : {};
    this.requests.set(id, { ...current, ...active, ...changes, state, updated_at: new Date().toISOString() });
  }

  /** The query strings of calls to `path` so far. */
  queriesOf(path: string): Record<string, string>[] {
    return this.received.filter((r) => r.path === path).map((r) => r.query);
  }

  readonly #routes: Route[] = [
    this.#route(ROUTES.whoami, () => ({
      identity: "alice@example.com",
      groups: ["sre"],
      admin: false,
      auditor: false,
      trust_tier: 1,
    })),
    this.#route(ROUTES.submitRequest, (_p, _q, body) => {
      const b = body as z.output<typeof ROUTES.submitRequest.body>;
      const request = this.add({
        provider: b.provider,
        role: b.role,
        resource_scope: b.resource_scope,
        duration_seconds: b.duration_seconds,
        reason: b.reason,
        break_glass: b.break_glass ?? false,
        metadata: b.metadata ?? {},
        approver_tier: b.role === "read-only" ? "auto" : "human",
        approver_groups: ["sre-leads"],
      });
      if (b.role === "forbidden")
        throw new Problem(403, "not_eligible", "role forbidden is not allowed for sre");
      if (b.break_glass || b.role === "read-only") this.transition(request.id, "ACTIVE");
      return { request: this.requests.get(request.id) };
    }),
    this.#route(ROUTES.listRequests, (_p, query) => {
      const q = query as z.output<typeof ROUTES.listRequests.query>;
      const requests = [...this.requests.values()]
        .filter(
          (r) => (q.state === undefined || r.state === q.state) && (!q.pending || r.state === "PENDING"),
        )
        .filter((r) => q.requester_identity === undefined || r.requester_identity === q.requester_identity)
        .reverse();
      return { requests, next_page_token: null };
    }),
    this.#route(ROUTES.getRequest, async ({ id }, query) => {
      const q = query as z.output<typeof ROUTES.getRequest.query>;
      const known = q.known_state ?? this.#find(id).state;
      const deadline = Date.now() + (q.wait_seconds ?? 0) * 1000;
      while (this.#find(id).state === known && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      return { request: this.#find(id) };
    }),
    this.#route(ROUTES.approveRequest, ({ id }) => {
      this.transition(id, "ACTIVE", { approver_identity: "bob@example.com" });
      return { request: this.#find(id) };
    }),
    this.#route(ROUTES.denyRequest, ({ id }, _q, body) => {
      this.transition(id, "REJECTED", { approver_comment: (body as { reason: string }).reason });
      return { request: this.#find(id) };
    }),
    this.#route(ROUTES.revokeRequest, ({ id }) => {
      this.transition(id, "REVOKED");
      return { request: this.#find(id) };
    }),
    this.#route(ROUTES.readCredentials, ({ id }) => {
      const r = this.#find(id);
      if (r.state !== "ACTIVE") {
        throw new Problem(
          409,
          "wrong_state",
          `request ${id} is ${r.state}; credentials exist only while ACTIVE`,
        );
      }
      return {
        grant: {
          request_id: id,
          credentials: [
            { name: "MOCK_ACCESS_KEY", value: `mock-access-key-${id}` },
            { name: "MOCK_SESSION_TOKEN", value: `mock-session-token-${id}` },
          ],
          issued_at: r.updated_at,
          expires_at: r.expires_at,
        },
      };
    }),
    this.#route(ROUTES.queryAudit, (_p, query) => {
      const q = query as z.output<typeof ROUTES.queryAudit.query>;
      const size = q.page_size ?? 100;
      const start = q.page_token === undefined ? 0 : Number(q.page_token);
      const newestFirst = [...this.auditEvents].reverse();
      const events = newestFirst.slice(start, start + size);
      const next = start + size < newestFirst.length ? String(start + size) : null;
      return { events, next_page_token: next };
    }),
  ];

  #find(id: string): ElevationRequest {
    const r = this.requests.get(id);
    if (!r) throw new Problem(404, "not_found", `request ${id} not found`);
    return r;
  }

  #route(
    spec: RouteSpec,
    handle: (params: Record<string, string>, query: unknown, body: unknown) => unknown,
  ): Route {
    const pattern = new RegExp(`^${API_PREFIX}${spec.path.replace(/\{(\w+)\}/g, "(?<$1>[^/]+)")}$`);
    return {
      spec,
      pattern,
      handle: async (params, query, body, res) => {
        const answer = await handle(params, query, body);
        const checked = spec.response === null ? undefined : spec.response.parse(answer);
        res.writeHead(spec.status, { "content-type": "application/json" }).end(JSON.stringify(checked));
      },
    };
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.#url);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString();
    const query = Object.fromEntries(url.searchParams);
    const body = text === "" ? undefined : JSON.parse(text);
    this.received.push({
      method: req.method ?? "",
      path: url.pathname,
      query,
      authorization: req.headers.authorization,
      body,
    });
    try {
      if (url.pathname === "/dev/token" && req.method === "POST") return devToken(body, res);
      if (url.pathname === "/healthz") return void res.writeHead(200).end("ok");
      if (url.pathname === "/version")
        return json(res, 200, { version: "0.1.0", api_versions: ["v1alpha1"] });
      const route = this.#routes.find((r) => r.spec.method === req.method && r.pattern.test(url.pathname));
      if (!route) throw new Problem(404, "not_found", `no route ${req.method} ${url.pathname}`);
      if (req.headers.authorization !== `Bearer ${TOKEN}`)
        throw new Problem(401, "unauthenticated", "invalid bearer token");
      const params = Object.fromEntries(
        Object.entries(route.pattern.exec(url.pathname)?.groups ?? {}).map(([k, v]) => [
          k,
          decodeURIComponent(v),
        ]),
      );
      const parsedQuery = route.spec.query ? checked(route.spec.query, query) : undefined;
      const parsedBody = route.spec.body ? checked(route.spec.body, body ?? {}) : undefined;
      await route.handle(params, parsedQuery, parsedBody, res);
    } catch (err) {
      const p = err instanceof Problem ? err : new Problem(500, "internal", String(err));
      json(
        res,
        p.status,
        { type: "about:blank", title: "Error", status: p.status, code: p.code, detail: p.message },
        true,
      );
    }
  }
}

class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(detail);
  }
}

function checked(schema: z.ZodType, value: unknown): unknown {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Problem(400, "invalid_argument", `${issue.path.join(".")}: ${issue.message}`);
  }
  return result.data;
}

function json(res: ServerResponse, status: number, value: unknown, problem = false): void {
  res
    .writeHead(status, { "content-type": problem ? "application/problem+json" : "application/json" })
    .end(JSON.stringify(value));
}

/** A token shaped like the dev IdP's (unsigned: the stand-in does not verify tokens). */
function devToken(body: unknown, res: ServerResponse): void {
  const email = (body as { email?: string }).email;
  if (email !== "alice@example.com")
    throw new Problem(400, "invalid_argument", `email: "${email}" is not a dev user`);
  json(res, 200, { id_token: TOKEN, expires_in: 3600 });
}
