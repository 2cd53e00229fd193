/**
 * A real jitsudod over HTTP for API tests: the control plane with its store on PGlite or a fresh
 * PostgreSQL database, tokens from the dev identity provider (oidc-provider) with a few more users
 * than dev mode has, verified by the real OIDC verifier.
 */
import { randomBytes } from "node:crypto";
import { JitsudoClient } from "@jitsudo/client";
import pino from "pino";
import { afterAll, beforeAll } from "vitest";
import { ControlPlane } from "../../src/app/control-plane.js";
import { VERSION } from "../../src/app/version.js";
import { OidcVerifier } from "../../src/auth/index.js";
import { parseConfig } from "../../src/config/index.js";
import { DEV_USERS, type DevUser, devIdentityProvider } from "../../src/dev/idp/index.js";
import { createTestDatabase, type StoreKind } from "../support/index.js";
import { freePort } from "../support/net.js";
import { APPROVAL, ELIGIBILITY } from "../workflow/fixtures.js";

export const TEST_USERS: readonly DevUser[] = [
  ...DEV_USERS,
  { subject: "dave", email: "dave@example.com", name: "Dave", groups: ["sre-leads"] },
  { subject: "erin", email: "erin@example.com", name: "Erin", groups: ["jitsudo-auditors"] },
  { subject: "mallory", email: "mallory@example.com", name: "Mallory", groups: [] },
];

export type TestUser = "alice" | "bob" | "charlie" | "dave" | "erin" | "mallory";

export { freePort };

export interface TestServerOptions {
  /** Extra configuration (YAML tree form), merged over the defaults below. */
  config?: Record<string, Record<string, unknown>>;
  /** Apply the workflow fixtures' eligibility and approval policies (default true). */
  policies?: boolean;
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

export async function startTestServer(kind: StoreKind, opts: TestServerOptions = {}) {
  const database = kind === "postgres" ? await createTestDatabase() : undefined;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const issuer = `${baseUrl}/dev/idp`;
  const log = pino({ level: process.env.JITSUDO_TEST_LOG ?? "silent" });
  const tree = {
    ...opts.config,
    server: { http_addr: `127.0.0.1:${port}`, ...opts.config?.server },
    database: { url: database?.url ?? "pglite://memory", ...opts.config?.database },
    auth: { oidc_issuer: issuer, ...opts.config?.auth },
    security: { encryption_key: randomBytes(32).toString("base64"), ...opts.config?.security },
    providers: { mock: {}, ...opts.config?.providers },
    workflow: { grant_wait: "5s", ...opts.config?.workflow },
  };
  const { config } = parseConfig(tree, {}, "serve");
  const auth = new OidcVerifier({
    issuer,
    audiences: [config.auth.clientId],
    groupsClaim: config.auth.groupsClaim,
    adminGroup: config.auth.adminGroup,
    adminEmails: config.auth.adminEmails,
    auditorGroup: config.auth.auditorGroup,
    log,
    retryInitialDelayMs: 20,
    retryMaxDelayMs: 200,
  });
  const plane = await ControlPlane.create({
    config,
    log,
    version: VERSION,
    auth,
    extraRoutes: async (app) => {
      await app.register(devIdentityProvider, { issuer, users: TEST_USERS });
    },
  });
  await plane.listen("127.0.0.1", port);
  await plane.ready();
  while (!auth.readiness().ready) await new Promise((r) => setTimeout(r, 10));

  const tokens = new Map<TestUser, string>();
  const token = async (user: TestUser): Promise<string> => {
    let t = tokens.get(user);
    if (!t) {
      const res = await fetch(`${baseUrl}/dev/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: `${user}@example.com` }),
      });
      t = ((await res.json()) as { id_token: string }).id_token;
      tokens.set(user, t);
    }
    return t;
  };
  const client = async (user: TestUser) => new JitsudoClient({ baseUrl, token: await token(user) });

  /** A raw call, for status codes and bodies the typed client would not send. */
  const call = async (
    method: string,
    path: string,
    o: { user?: TestUser; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.user) headers.authorization = `Bearer ${await token(o.user)}`;
    if (o.body !== undefined || o.rawBody !== undefined) headers["content-type"] ??= "application/json";
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: o.rawBody ?? (o.body === undefined ? undefined : JSON.stringify(o.body)),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return {
      status: res.status,
      contentType: res.headers.get("content-type") ?? "",
      text,
      // biome-ignore lint/suspicious/noExplicitAny: the raw JSON answer of any route, read field by field in tests
      json: json as any,
    };
  };

  if (opts.policies ?? true) {
    const admin = await client("charlie");
    await admin.applyPolicy({ name: "sre-eligibility", type: "eligibility", rego: ELIGIBILITY });
    await admin.applyPolicy({ name: "sre-leads-approve", type: "approval", rego: APPROVAL });
  }

  return {
    baseUrl,
    plane,
    token,
    client,
    call,
    async close() {
      await plane.close(1000);
      await database?.drop();
    },
  };
}

/** A test server for the enclosing describe block, started before its tests and closed after. */
export function useTestServer(kind: StoreKind, opts?: TestServerOptions): () => TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(kind, opts);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });
  return () => server as TestServer;
}
