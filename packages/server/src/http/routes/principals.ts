import type { RouteHandlers } from "../api-route.js";
import type { ServicesGetter } from "../services.js";

export function principalRoutes(
  services: ServicesGetter,
): RouteHandlers<"listPrincipals" | "getPrincipal" | "setTrustTier" | "whoami"> {
  const principals = () => services().principals;
  return {
    listPrincipals: ({ caller, query }) => principals().list(caller, query),
    getPrincipal: async ({ caller, params }) => ({
      principal: await principals().get(caller, params.identity),
    }),
    setTrustTier: async ({ caller, params, body }) => ({
      principal: await principals().setTrustTier(caller, params.identity, body),
    }),
    whoami: async ({ caller }) => ({
      identity: caller.identity,
      groups: [...caller.groups],
      admin: caller.admin,
      auditor: caller.auditor,
      trust_tier: await principals().trustTier(caller.identity),
    }),
  };
}
