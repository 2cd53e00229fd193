import type { Logger } from "pino";
import type { PolicyRuntime } from "../policy/runtime.js";
import type { PrincipalService } from "../principals/service.js";
import type { ProviderRegistry } from "../providers/registry.js";
import type { Store } from "../store/index.js";
import { RequestAccess } from "./access.js";
import { type Clock, systemClock } from "./clock.js";
import type { WorkflowConfig } from "./config.js";
import type { CredentialCipher } from "./crypto.js";
import { GrantJobs } from "./jobs.js";
import { WorkflowService } from "./service.js";
import { Transitions } from "./transition.js";

export { type Clock, systemClock } from "./clock.js";
export { DEFAULT_WORKFLOW_CONFIG, MIN_DURATION_SECONDS, type WorkflowConfig } from "./config.js";
export { CredentialCipher, parseEncryptionKey } from "./crypto.js";
export { GrantJobs, WORKFLOW_JOB_KINDS, type WorkflowJobKind } from "./jobs.js";
export type { ElevationRequestView, GrantView } from "./record.js";
export type { CredentialsReadInput, ListQuery, SubmitInput } from "./service.js";
export { WorkflowService } from "./service.js";
export { REQUEST_STATES, type RequestState } from "./states.js";

export interface WorkflowDeps {
  readonly store: Store;
  readonly providers: ProviderRegistry;
  readonly policies: PolicyRuntime;
  readonly principals: PrincipalService;
  readonly cipher: CredentialCipher;
  readonly config: WorkflowConfig;
  readonly log: Logger;
  readonly clock?: Clock;
}

/**
 * Wires the workflow: the service for API calls and the job handlers for the job runner. The
 * composition root registers `jobs.handlers()` with the runner and then calls `jobs.attachRunner`.
 */
export function createWorkflow(deps: WorkflowDeps): { service: WorkflowService; jobs: GrantJobs } {
  const clock = deps.clock ?? systemClock;
  const transitions = new Transitions(deps.store, clock);
  const access = new RequestAccess(
    deps.policies,
    (identity, db) => deps.principals.trustTier(identity, db),
    clock,
  );
  const jobs = new GrantJobs({
    transitions,
    providers: deps.providers,
    cipher: deps.cipher,
    clock,
    config: deps.config,
    log: deps.log,
  });
  const service = new WorkflowService({
    transitions,
    access,
    policies: deps.policies,
    principals: deps.principals,
    providers: deps.providers,
    cipher: deps.cipher,
    grants: jobs,
    clock,
    config: deps.config,
  });
  return { service, jobs };
}
