/**
 * A typed client of the jitsudo HTTP API (spec 02): one method per route, answers parsed with the
 * shared schemas, errors as {@link ApiError}, {@link ConnectionError} or {@link ResponseError}.
 */
import type { z } from "zod";
import { ApiError, ConnectionError, ResponseError } from "./errors.js";
import { encodeQuery, expandPath } from "./query.js";
import { API_PREFIX, ROUTES, type RouteSpec } from "./routes.js";
import type {
  AuditEvent,
  AuditEventList,
  AuditQuery,
  AuditVerifyQuery,
  AuditVerifyResult,
} from "./schemas/audit.js";
import {
  type DevToken,
  DevTokenSchema,
  type ServerVersion,
  ServerVersionSchema,
  type Whoami,
} from "./schemas/meta.js";
import type {
  ApplyPolicyBodyInput,
  EvalPolicyBodyInput,
  ListPoliciesQuery,
  Policy,
  PolicyEvalResult,
  PolicySummary,
  ReloadPoliciesResult,
} from "./schemas/policies.js";
import type {
  ListPrincipalsQuery,
  Principal,
  PrincipalList,
  SetTrustTierBody,
} from "./schemas/principals.js";
import type {
  ApproveBody,
  CredentialsQuery,
  DenyBody,
  ElevationRequest,
  GetRequestQuery,
  Grant,
  ListRequestsQuery,
  RequestList,
  ReviewBody,
  RevokeBody,
  SubmitRequestBodyInput,
} from "./schemas/requests.js";
import { type FetchFn, type TlsOptions, hasTls, tlsFetch } from "./transport.js";

/** One HTTP exchange, as reported to {@link ClientOptions.debug}: never headers or bodies. */
export interface DebugEvent {
  readonly method: string;
  readonly url: string;
  /** HTTP status; absent when no answer arrived. */
  readonly status?: number;
  readonly ms: number;
  /** Why no answer arrived. */
  readonly error?: string;
}

export interface ClientOptions {
  /** The server's base URL, e.g. `https://jitsudo.example.com` (the API prefix is added). */
  readonly baseUrl: string;
  /** OIDC ID token sent as `Authorization: Bearer …`. */
  readonly token?: string;
  readonly tls?: TlsOptions;
  /** Called after every exchange. */
  readonly debug?: (event: DebugEvent) => void;
  /** Per-request timeout in milliseconds (default 30 s); long polls add their wait to it. */
  readonly timeoutMs?: number;
  readonly userAgent?: string;
  /** A fetch implementation to use instead of the built-in one (tests, proxies). */
  readonly fetch?: FetchFn;
}

/** An unauthenticated probe (`/healthz`, `/readyz`): whether it answered 200, and its text. */
export interface ProbeResult {
  readonly ok: boolean;
  readonly status: number;
  readonly body: string;
}

type Output<R extends RouteSpec> = R["response"] extends z.ZodType ? z.output<R["response"]> : undefined;

interface CallInput {
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: object;
  readonly body?: unknown;
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const PROBE_BODY_LIMIT = 4096;

export class JitsudoClient {
  readonly baseUrl: string;
  readonly #options: ClientOptions;
  #fetch: Promise<FetchFn> | undefined;

  constructor(options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#options = options;
  }

  // ---- requests ----

  async submitRequest(body: SubmitRequestBodyInput): Promise<ElevationRequest> {
    return (await this.#call(ROUTES.submitRequest, { body })).request;
  }

  listRequests(query: ListRequestsQuery = {}): Promise<RequestList> {
    return this.#call(ROUTES.listRequests, { query });
  }

  /** Every request matching `query`, following page tokens. */
  iterateRequests(query: ListRequestsQuery = {}): AsyncGenerator<ElevationRequest> {
    return this.#pages(
      (page_token) => this.listRequests({ ...query, page_token }),
      (p) => p.requests,
    );
  }

  /** With `wait_seconds`, the server answers once the state differs from `known_state` (long poll). */
  async getRequest(id: string, query: GetRequestQuery = {}): Promise<ElevationRequest> {
    const timeoutMs = this.#timeoutMs() + (query.wait_seconds ?? 0) * 1000;
    return (await this.#call(ROUTES.getRequest, { params: { id }, query, timeoutMs })).request;
  }

  async approveRequest(id: string, body: ApproveBody = {}): Promise<ElevationRequest> {
    return (await this.#call(ROUTES.approveRequest, { params: { id }, body })).request;
  }

  async denyRequest(id: string, body: DenyBody): Promise<ElevationRequest> {
    return (await this.#call(ROUTES.denyRequest, { params: { id }, body })).request;
  }

  async revokeRequest(id: string, body: RevokeBody = {}): Promise<ElevationRequest> {
    return (await this.#call(ROUTES.revokeRequest, { params: { id }, body })).request;
  }

  async reviewRequest(id: string, body: ReviewBody): Promise<ElevationRequest> {
    return (await this.#call(ROUTES.reviewRequest, { params: { id }, body })).request;
  }

  /** The grant of an ACTIVE request (requester only); the server audits the read with `purpose` and `command`. */
  async readCredentials(id: string, query: CredentialsQuery = {}): Promise<Grant> {
    return (await this.#call(ROUTES.readCredentials, { params: { id }, query })).grant;
  }

  // ---- policies ----

  async listPolicies(query: ListPoliciesQuery = {}): Promise<PolicySummary[]> {
    return (await this.#call(ROUTES.listPolicies, { query })).policies;
  }

  async getPolicy(id: string): Promise<Policy> {
    return (await this.#call(ROUTES.getPolicy, { params: { id } })).policy;
  }

  async applyPolicy(body: ApplyPolicyBodyInput): Promise<Policy> {
    return (await this.#call(ROUTES.applyPolicy, { body })).policy;
  }

  async deletePolicy(id: string): Promise<void> {
    await this.#call(ROUTES.deletePolicy, { params: { id } });
  }

  evalPolicy(body: EvalPolicyBodyInput): Promise<PolicyEvalResult> {
    return this.#call(ROUTES.evalPolicy, { body });
  }

  reloadPolicies(): Promise<ReloadPoliciesResult> {
    return this.#call(ROUTES.reloadPolicies, {});
  }

  // ---- audit ----

  queryAudit(query: AuditQuery = {}): Promise<AuditEventList> {
    return this.#call(ROUTES.queryAudit, { query });
  }

  /** Every event matching `query`, following page tokens. */
  iterateAudit(query: AuditQuery = {}): AsyncGenerator<AuditEvent> {
    return this.#pages(
      (page_token) => this.queryAudit({ ...query, page_token }),
      (p) => p.events,
    );
  }

  verifyAudit(query: AuditVerifyQuery = {}): Promise<AuditVerifyResult> {
    return this.#call(ROUTES.verifyAudit, { query });
  }

  // ---- principals ----

  listPrincipals(query: ListPrincipalsQuery = {}): Promise<PrincipalList> {
    return this.#call(ROUTES.listPrincipals, { query });
  }

  /** Every principal, following page tokens. */
  iteratePrincipals(query: ListPrincipalsQuery = {}): AsyncGenerator<Principal> {
    return this.#pages(
      (page_token) => this.listPrincipals({ ...query, page_token }),
      (p) => p.principals,
    );
  }

  async getPrincipal(identity: string): Promise<Principal> {
    return (await this.#call(ROUTES.getPrincipal, { params: { identity } })).principal;
  }

  async setTrustTier(identity: string, body: SetTrustTierBody): Promise<Principal> {
    return (await this.#call(ROUTES.setTrustTier, { params: { identity }, body })).principal;
  }

  whoami(): Promise<Whoami> {
    return this.#call(ROUTES.whoami, {});
  }

  // ---- unauthenticated ----

  healthz(): Promise<ProbeResult> {
    return this.#probe("/healthz");
  }

  readyz(): Promise<ProbeResult> {
    return this.#probe("/readyz");
  }

  serverVersion(): Promise<ServerVersion> {
    return this.#unauthenticated("GET", "/version", undefined, ServerVersionSchema);
  }

  /** `POST /dev/token {"email"}`: an ID token for a static user of a `jitsudod dev` server (dev mode only). */
  devToken(email: string): Promise<DevToken> {
    return this.#unauthenticated("POST", "/dev/token", JSON.stringify({ email }), DevTokenSchema);
  }

  // ---- plumbing ----

  async #call<R extends RouteSpec>(route: R, input: CallInput): Promise<Output<R>> {
    const url = `${this.baseUrl}${API_PREFIX}${expandPath(route.path, input.params)}${encodeQuery(input.query)}`;
    const body = route.body === undefined ? undefined : JSON.stringify(input.body ?? {});
    const response = await this.#send(route.method, url, body, input.timeoutMs ?? this.#timeoutMs(), true);
    if (!response.ok) throw await toApiError(response, route.method, url);
    if (route.response === null) {
      await response.body?.cancel();
      return undefined as Output<R>;
    }
    return parseAnswer(
      route.response,
      await readJson(response, route.method, url),
      route.method,
      url,
    ) as Output<R>;
  }

  async #probe(path: string): Promise<ProbeResult> {
    const url = `${this.baseUrl}${path}`;
    const response = await this.#send("GET", url, undefined, this.#timeoutMs(), false);
    const body = (await response.text()).slice(0, PROBE_BODY_LIMIT).trim();
    return { ok: response.status === 200, status: response.status, body };
  }

  async #unauthenticated<S extends z.ZodType>(
    method: string,
    path: string,
    body: string | undefined,
    schema: S,
  ): Promise<z.output<S>> {
    const url = `${this.baseUrl}${path}`;
    const response = await this.#send(method, url, body, this.#timeoutMs(), false);
    if (!response.ok) throw await toApiError(response, method, url);
    return parseAnswer(schema, await readJson(response, method, url), method, url);
  }

  async #send(
    method: string,
    url: string,
    body: string | undefined,
    timeoutMs: number,
    auth: boolean,
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json, application/problem+json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (auth && this.#options.token) headers.authorization = `Bearer ${this.#options.token}`;
    if (this.#options.userAgent) headers["user-agent"] = this.#options.userAgent;

    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const doFetch = await this.#fetchFn();
      const response = await doFetch(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
      this.#options.debug?.({ method, url, status: response.status, ms: elapsed() });
      return response;
    } catch (err) {
      const reason = describeFailure(err, timeoutMs);
      this.#options.debug?.({ method, url, ms: elapsed(), error: reason });
      throw new ConnectionError(this.baseUrl, reason, { cause: err });
    }
  }

  #fetchFn(): Promise<FetchFn> {
    const { fetch: custom, tls } = this.#options;
    this.#fetch ??= custom
      ? Promise.resolve(custom)
      : hasTls(tls)
        ? tlsFetch(tls)
        : Promise.resolve(globalThis.fetch);
    return this.#fetch;
  }

  #timeoutMs(): number {
    return this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async *#pages<P extends { next_page_token: string | null }, T>(
    fetchPage: (token: string | undefined) => Promise<P>,
    items: (page: P) => T[],
  ): AsyncGenerator<T> {
    let token: string | undefined;
    do {
      const page = await fetchPage(token);
      yield* items(page);
      token = page.next_page_token ?? undefined;
    } while (token !== undefined);
  }
}

async function readJson(response: Response, method: string, url: string): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ResponseError(method, url, `HTTP ${response.status} with a body that is not JSON`);
  }
}

function parseAnswer<S extends z.ZodType>(
  schema: S,
  value: unknown,
  method: string,
  url: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    throw new ResponseError(method, url, `${where}${issue.message}`);
  }
  return parsed.data;
}

/** Maps an error answer to an ApiError: the problem document when there is one, else the status. */
async function toApiError(response: Response, method: string, url: string): Promise<ApiError> {
  const text = await response.text().catch(() => "");
  let problem: { code?: unknown; detail?: unknown; title?: unknown } = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null) problem = parsed;
  } catch {
    // Not JSON (a proxy's HTML page, say): fall back to the status line.
  }
  const code = typeof problem.code === "string" ? problem.code : ApiError.codeForStatus(response.status);
  const detail =
    typeof problem.detail === "string" && problem.detail !== ""
      ? problem.detail
      : typeof problem.title === "string" && problem.title !== ""
        ? problem.title
        : `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
  return new ApiError(response.status, code, detail, method, url);
}

function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) {
    return `no answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`;
  }
  const cause =
    err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.message) return cause.message;
  if (cause?.code) return cause.code;
  return err instanceof Error ? err.message : String(err);
}
