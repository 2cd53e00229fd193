/**
 * The composition root of jitsudod: it builds every module from the configuration and runs them.
 * The HTTP server listens at once; the database is connected (and migrated) in the background with
 * retries, and until it and the identity provider answer, `/readyz` and the API say 503 with why.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { OidcVerifier } from "../auth/index.js";
import type { ServerConfig } from "../config/index.js";
import { toWorkflowConfig } from "../config/index.js";
import { AppError } from "../errors.js";
import { buildHttpApp, type HttpAppDeps } from "../http/app.js";
import type { Authenticator } from "../http/authenticate.js";
import { ServerMetrics } from "../http/metrics.js";
import type { Services } from "../http/services.js";
import { JobRunner } from "../jobs/index.js";
import { PolicyRuntime, PolicyService, regoEngine } from "../policy/index.js";
import { PrincipalService } from "../principals/index.js";
import { buildProviderRegistry } from "../providers/index.js";
import { openStore, type Store } from "../store/index.js";
import { auditHead, requests } from "../store/schema.js";
import { CredentialCipher, createWorkflow } from "../workflow/index.js";
import { dataDirEncryptionKey } from "./encryption-key.js";

export interface ControlPlaneOptions {
  readonly config: ServerConfig;
  readonly log: Logger;
  readonly version: string;
  /** Verifies bearer tokens; the OIDC verifier of `auth.*` when not given. */
  readonly auth?: ServerAuthenticator;
  /** Runs once the services are up, before the API is served (the dev seed). */
  readonly onReady?: (services: Services) => Promise<void>;
  /** Routes only some modes have (the dev identity provider). */
  readonly extraRoutes?: HttpAppDeps["extraRoutes"];
  readonly https?: HttpAppDeps["https"];
}

type ServerAuthenticator = Authenticator & { start?(): void; stop?(): void };

interface Running extends Services {
  readonly runner: JobRunner;
}

const RETRY_CAP_MS = 30_000;

export class ControlPlane {
  readonly app: FastifyInstance;
  readonly #o: ControlPlaneOptions;
  readonly #auth: ServerAuthenticator;
  readonly #metrics: ServerMetrics;
  readonly #stopping = new AbortController();
  #running: Running | undefined;
  #starting: Promise<void> | undefined;
  #notReady = "connecting to the database";

  private constructor(
    o: ControlPlaneOptions,
    app: FastifyInstance,
    auth: ServerAuthenticator,
    metrics: ServerMetrics,
  ) {
    this.#o = o;
    this.app = app;
    this.#auth = auth;
    this.#metrics = metrics;
  }

  static async create(o: ControlPlaneOptions): Promise<ControlPlane> {
    const metrics = new ServerMetrics();
    const auth = o.auth ?? oidcVerifier(o.config, o.log);
    let self: ControlPlane | undefined;
    const app = await buildHttpApp({
      log: o.log,
      version: o.version,
      auth,
      metrics,
      services: () => self!.services(),
      readiness: { problems: () => self!.problems() },
      extraRoutes: o.extraRoutes,
      https: o.https,
    });
    self = new ControlPlane(o, app, auth, metrics);
    return self;
  }

  /** The services, or 503 while the database is not ready. */
  services(): Services {
    if (!this.#running) throw new AppError("unavailable", `not ready: ${this.#notReady}`);
    return this.#running;
  }

  /** Why the control plane cannot serve (empty when it can). */
  async problems(): Promise<string[]> {
    const problems: string[] = [];
    const running = this.#running;
    if (!running) problems.push(`database: ${this.#notReady}`);
    else {
      await running.store.ping().catch((err: unknown) => problems.push(`database: ${messageOf(err)}`));
      problems.push(...running.policies.readiness().problems);
    }
    const idp = this.#auth.readiness();
    if (!idp.ready) problems.push(`identity provider: ${idp.problem ?? "not ready"}`);
    return problems;
  }

  /** Listens, then connects the database and the identity provider in the background. */
  async listen(host: string, port: number): Promise<string> {
    const url = await this.app.listen({ host, port });
    this.#auth.start?.();
    this.#starting = this.#startServices();
    return url;
  }

  /** Resolves once the database is connected and the services run (for callers that must wait). */
  async ready(): Promise<void> {
    await this.#starting;
  }

  /**
   * Graceful stop: no new connections, in-flight calls finish, running jobs get `graceMs` and are
   * then released to other instances, and the database is closed.
   */
  async close(graceMs = 30_000): Promise<void> {
    this.#stopping.abort();
    await this.app.close();
    await this.#starting?.catch(() => undefined);
    const running = this.#running;
    this.#running = undefined;
    this.#notReady = "shutting down";
    this.#auth.stop?.();
    if (!running) return;
    await running.runner.stop(graceMs);
    await running.policies.stop();
    await running.store.close();
  }

  async #startServices(): Promise<void> {
    const store = await this.#connect();
    if (!store) return;
    try {
      const running = await this.#build(store);
      await this.#o.onReady?.(running);
      if (this.#stopping.signal.aborted) {
        await running.runner.stop(0);
        await running.policies.stop();
        await store.close();
        return;
      }
      this.#running = running;
      this.#o.log.info({ database: store.kind }, "database ready; serving the API");
    } catch (err) {
      this.#notReady = `start-up failed: ${messageOf(err)}`;
      this.#o.log.error({ err: messageOf(err) }, "start-up failed");
      await store.close().catch(() => undefined);
      throw err;
    }
  }

  /** Opens the store, retrying with capped backoff while the database is unreachable. */
  async #connect(): Promise<Store | undefined> {
    const { config, log } = this.#o;
    const db = config.database;
    const location =
      db.driver === "postgres"
        ? ({ kind: "postgres", url: db.url.reveal() } as const)
        : ({ kind: "pglite", dataDir: db.dataDir } as const);
    for (let attempt = 1; !this.#stopping.signal.aborted; attempt++) {
      try {
        return await openStore({
          location,
          maxConnections: db.driver === "postgres" ? db.maxConnections : undefined,
          log,
        });
      } catch (err) {
        if (location.kind === "pglite") {
          // Not a network dependency: a PGlite failure (e.g. a locked data directory) will not heal.
          this.#notReady = messageOf(err);
          throw err;
        }
        this.#notReady = `database unreachable (attempt ${attempt}): ${messageOf(err)}`;
        const delay = Math.min(RETRY_CAP_MS, 500 * 2 ** (attempt - 1));
        log.warn({ err: messageOf(err), retry_in_ms: delay }, "database unreachable; retrying");
        await sleep(delay, undefined, { signal: this.#stopping.signal }).catch(() => undefined);
      }
    }
    return undefined;
  }

  async #build(store: Store): Promise<Running> {
    const { config, log } = this.#o;
    const runtime = new PolicyRuntime({
      engine: regoEngine,
      evalTimeoutMs: config.policy.evalTimeoutMs,
      log,
      metrics: this.#metrics,
    });
    const policies = new PolicyService({
      store,
      runtime,
      log,
      reloadIntervalMs: config.policy.reloadIntervalMs,
    });
    await policies.start();
    const principals = new PrincipalService(store);
    const key =
      config.security.encryptionKey?.reveal() ??
      dataDirEncryptionKey(config.database.driver === "pglite" ? config.database.dataDir : undefined);
    const { service: workflow, jobs } = createWorkflow({
      store,
      providers: buildProviderRegistry(config.providers),
      policies: runtime,
      principals,
      cipher: new CredentialCipher(key),
      config: toWorkflowConfig(config.workflow),
      log,
    });
    const runner = new JobRunner(store, { handlers: jobs.handlers(), log });
    jobs.attachRunner(runner);
    await runner.start();
    this.#metrics.setSources({
      requestsByState: async () => {
        const rows = await store.db
          .select({ state: requests.state, n: sql<number>`count(*)::int` })
          .from(requests)
          .groupBy(requests.state);
        return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
      },
      jobs: () => runner.metrics(),
      auditEvents: async () => {
        const [head] = await store.db.select({ lastId: auditHead.lastId }).from(auditHead);
        return head?.lastId ?? 0;
      },
    });
    return { workflow, policies, principals, store, runner };
  }
}

function oidcVerifier(config: ServerConfig, log: Logger): OidcVerifier {
  const auth = config.auth;
  if (auth.oidcIssuer === undefined) throw new Error("auth.oidc_issuer is required");
  return new OidcVerifier({
    issuer: auth.oidcIssuer,
    discoveryUrl: auth.oidcDiscoveryUrl,
    audiences: [auth.clientId, ...auth.extraAudiences],
    groupsClaim: auth.groupsClaim,
    adminGroup: auth.adminGroup,
    adminEmails: auth.adminEmails,
    auditorGroup: auth.auditorGroup,
    log,
  });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
