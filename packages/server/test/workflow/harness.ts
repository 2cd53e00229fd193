/**
 * A complete workflow over a fresh test store: real policies compiled by the real engine, the
 * mock provider, the real job runner. Tests talk to it as the HTTP layer would.
 */
import { randomBytes } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import pino from "pino";
import { verifyAuditChain } from "../../src/audit/index.js";
import { JobRunner } from "../../src/jobs/index.js";
import { PolicyRuntime, PolicyService, regoEngine } from "../../src/policy/index.js";
import { PrincipalService } from "../../src/principals/index.js";
import { MockProvider, type MockProviderConfig, ProviderRegistry } from "../../src/providers/index.js";
import type { Store } from "../../src/store/index.js";
import { auditEvents, credentials } from "../../src/store/schema.js";
import {
  type Clock,
  CredentialCipher,
  createWorkflow,
  DEFAULT_WORKFLOW_CONFIG,
  type WorkflowConfig,
} from "../../src/workflow/index.js";
import { createTestStore, type StoreKind } from "../support/index.js";
import { APPROVAL, charlie, ELIGIBILITY } from "./fixtures.js";

export interface HarnessOptions {
  config?: Partial<WorkflowConfig>;
  mock?: MockProviderConfig;
  /** The mock provider's clock (to make grants that expire within seconds). */
  providerNow?: () => Date;
  clock?: Clock;
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;

export async function createHarness(kind: StoreKind, opts: HarnessOptions = {}) {
  const store: Store = await createTestStore({ kind });
  const log = pino({ level: "silent" });
  const runtime = new PolicyRuntime({ engine: regoEngine, evalTimeoutMs: 1000, log });
  const policies = new PolicyService({ store, runtime, log, reloadIntervalMs: 60_000 });
  await policies.reload();
  await policies.apply(charlie, { name: "sre-eligibility", type: "eligibility", rego: ELIGIBILITY });
  await policies.apply(charlie, { name: "sre-leads-approve", type: "approval", rego: APPROVAL });
  const principals = new PrincipalService(store);
  const mock = new MockProvider(opts.mock, { now: opts.providerNow });
  const config: WorkflowConfig = { ...DEFAULT_WORKFLOW_CONFIG, grantWaitMs: 5_000, ...opts.config };
  const { service, jobs } = createWorkflow({
    store,
    providers: new ProviderRegistry([mock]),
    policies: runtime,
    principals,
    cipher: new CredentialCipher(randomBytes(32)),
    config,
    log,
    clock: opts.clock,
  });
  const runner = new JobRunner(store, { handlers: jobs.handlers(), log });
  jobs.attachRunner(runner);
  await runner.start();

  return {
    store,
    service,
    jobs,
    mock,
    principals,
    policies,
    runtime,
    /** Audit events of one request, oldest first. */
    async events(requestId: string) {
      return store.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.requestId, requestId))
        .orderBy(asc(auditEvents.id));
    },
    async actions(requestId: string) {
      return (await this.events(requestId)).map((e) => e.action);
    },
    async hasCredentialsRow(requestId: string) {
      const rows = await store.db.select().from(credentials).where(eq(credentials.requestId, requestId));
      return rows.length > 0;
    },
    async chainOk() {
      return (await verifyAuditChain(store)).ok;
    },
    async close() {
      await runner.stop();
      await policies.stop();
      await store.close();
    },
  };
}

/** Polls `read` until `done` holds or `timeoutMs` passes; returns the last value. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

export { STORE_KINDS } from "../support/index.js";
