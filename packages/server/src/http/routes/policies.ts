import type { RouteHandlers } from "../api-route.js";
import type { ServicesGetter } from "../services.js";

type PolicyRoutes =
  | "listPolicies"
  | "getPolicy"
  | "applyPolicy"
  | "deletePolicy"
  | "evalPolicy"
  | "reloadPolicies";

export function policyRoutes(services: ServicesGetter): RouteHandlers<PolicyRoutes> {
  const policies = () => services().policies;
  return {
    listPolicies: async ({ caller, query }) => ({ policies: await policies().list(caller, query.type) }),
    getPolicy: async ({ caller, params }) => ({ policy: await policies().get(caller, params.id) }),
    applyPolicy: async ({ caller, body }) => ({ policy: await policies().apply(caller, body) }),
    deletePolicy: async ({ caller, params }) => {
      await policies().delete(caller, params.id);
    },
    evalPolicy: async ({ caller, body }) => policies().eval(caller, body),
    reloadPolicies: ({ caller }) => policies().adminReload(caller),
  };
}
