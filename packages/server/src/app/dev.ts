/**
 * `jitsudod dev` (spec 07): the whole product in one process for trying it and for tests —
 * embedded PGlite, the built-in identity provider at /dev/idp with three users, the mock
 * provider and example policies — listening on localhost only, since its identity provider signs
 * a token for anyone who asks.
 */
import { resolve } from "node:path";
import type { Logger } from "pino";
import { OidcVerifier } from "../auth/index.js";
import type { ServerConfig } from "../config/index.js";
import { DEV_CLIENT_ID, DEV_PASSWORD, DEV_USERS, devIdentityProvider } from "../dev/idp/index.js";
import { ControlPlane } from "./control-plane.js";
import { seedDevPolicies } from "./dev-seed.js";
import { memoryReducingCollection, releaseStartupMemory } from "./memory-release.js";
import { VERSION } from "./version.js";

export interface DevOptions {
  port: number;
  /** undefined: in memory. */
  dataDir: string | undefined;
}

const DEV_HOST = "localhost";

/** The configuration dev mode runs with: the loaded one, with dev's store, issuer and provider. */
export function devConfig(base: ServerConfig, opts: DevOptions): ServerConfig {
  const origin = `http://${DEV_HOST}:${opts.port}`;
  return {
    ...base,
    server: {
      ...base.server,
      httpAddr: { host: DEV_HOST, port: opts.port },
      publicUrl: origin,
      publicUrlDerived: false,
    },
    database: { driver: "pglite", dataDir: opts.dataDir === undefined ? undefined : resolve(opts.dataDir) },
    auth: {
      ...base.auth,
      oidcIssuer: `${origin}/dev/idp`,
      oidcDiscoveryUrl: undefined,
      clientId: DEV_CLIENT_ID,
    },
    providers: {
      ...base.providers,
      mock: base.providers.mock ?? {
        failGrantTimes: 0,
        failRevokeTimes: 0,
        latencyMs: 0,
        stateFile: undefined,
        maxDurationMs: undefined,
      },
    },
  };
}

export interface RunningDev {
  plane: ControlPlane;
  url: string;
  config: ServerConfig;
}

/** Starts dev mode and waits until it serves the API. */
export async function startDev(base: ServerConfig, opts: DevOptions, log: Logger): Promise<RunningDev> {
  const config = devConfig(base, opts);
  const issuer = config.auth.oidcIssuer as string;
  const auth = new OidcVerifier({
    issuer,
    // The issuer says "localhost", which may resolve to ::1; the server listens on both, but
    // discovery talks to itself over IPv4 to be sure.
    discoveryUrl: `http://127.0.0.1:${opts.port}/dev/idp`,
    audiences: [config.auth.clientId, ...config.auth.extraAudiences],
    groupsClaim: config.auth.groupsClaim,
    adminGroup: config.auth.adminGroup,
    adminEmails: config.auth.adminEmails,
    auditorGroup: config.auth.auditorGroup,
    log,
    retryInitialDelayMs: 50,
    retryMaxDelayMs: 1000,
  });
  const plane = await ControlPlane.create({
    config,
    log,
    version: VERSION,
    auth,
    extraRoutes: async (app) => {
      await app.register(devIdentityProvider, {
        issuer,
        dataDir: config.database.driver === "pglite" ? config.database.dataDir : undefined,
      });
    },
    onReady: async (services) => {
      const seeded = await seedDevPolicies(services);
      if (seeded > 0) log.info({ policies: seeded }, "seeded the example dev policies");
      releaseStartupMemory(log, memoryReducingCollection());
    },
  });
  await plane.listen(DEV_HOST, opts.port);
  await plane.ready();
  await waitUntil(() => auth.readiness().ready, 10_000);
  return { plane, url: `http://${DEV_HOST}:${opts.port}`, config };
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

/** What dev mode prints on start: where things are and the next three commands. */
export function devBanner(url: string, dataDir: string | undefined): string {
  const users = DEV_USERS.map((u) => `${u.email} (${u.groups.join(", ")})`).join(", ");
  return [
    "",
    `jitsudod ${VERSION} — dev mode (do not use in production)`,
    "",
    `  API                 ${url}/api/v1alpha1`,
    `  Identity provider   ${url}/dev/idp`,
    `  Users               ${users}; password "${DEV_PASSWORD}"`,
    "  Provider            mock",
    `  Data                ${dataDir === undefined ? "in memory (lost on exit)" : dataDir}`,
    "",
    "Next, in another terminal:",
    "",
    `  jitsudo login --dev-user alice@example.com --server ${url}`,
    `  jitsudo request --provider mock --role read-only --scope sandbox --duration 15m --reason "trying jitsudo"`,
    "  jitsudo exec <request-id> -- env | grep MOCK_",
    "",
    "Press Ctrl-C to stop.",
    "",
  ].join("\n");
}
