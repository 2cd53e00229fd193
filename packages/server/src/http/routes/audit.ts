import { queryAudit, verifyAuditChain } from "../../audit/index.js";
import { permissionDenied } from "../../errors.js";
import type { RouteHandlers } from "../api-route.js";
import type { ServicesGetter } from "../services.js";

export function auditRoutes(services: ServicesGetter): RouteHandlers<"queryAudit" | "verifyAudit"> {
  return {
    queryAudit: ({ caller, query }) =>
      queryAudit(services().store.db, caller, {
        ...query,
        since: query.since === undefined ? undefined : new Date(query.since),
        until: query.until === undefined ? undefined : new Date(query.until),
      }),
    verifyAudit: async ({ caller, query }) => {
      if (!caller.admin && !caller.auditor)
        throw permissionDenied("only admins and auditors may verify the audit log");
      return verifyAuditChain(services().store, { fromId: query.from_id, toId: query.to_id });
    },
  };
}
