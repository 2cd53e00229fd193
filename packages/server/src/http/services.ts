import type { PolicyService } from "../policy/index.js";
import type { PrincipalService } from "../principals/index.js";
import type { Store } from "../store/index.js";
import type { WorkflowService } from "../workflow/index.js";

/** What the API routes call into. */
export interface Services {
  readonly workflow: WorkflowService;
  readonly policies: PolicyService;
  readonly principals: PrincipalService;
  readonly store: Store;
}

/** Returns the services, or throws 503 `unavailable` while they are not up (database not reachable yet). */
export type ServicesGetter = () => Services;
