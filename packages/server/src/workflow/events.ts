/** Audit events about a request (spec 05): provider, role and resource_scope always in the details. */
import type { RequestRecord } from "./record.js";

export type RequestAction =
  | "request.created"
  | "request.denied_by_policy"
  | "request.auto_approved"
  | "request.approval_recorded"
  | "request.approved"
  | "request.denied"
  | "request.withdrawn"
  | "request.ai_approved"
  | "request.ai_denied"
  | "request.ai_escalated"
  | "request.revoked"
  | "request.expired"
  | "request.reviewed"
  | "grant.issued"
  | "grant.failed"
  | "grant.credentials_read"
  | "grant.expired"
  | "grant.revoked";

type Subject = Pick<RequestRecord, "provider" | "role" | "resourceScope"> & { id?: string };

export function requestEvent(
  subject: Subject,
  actor: string,
  action: RequestAction,
  details: Record<string, unknown>,
  outcome: "success" | "failure" = "success",
) {
  return {
    actor,
    action,
    requestId: subject.id,
    provider: subject.provider,
    resourceScope: subject.resourceScope,
    outcome,
    details: {
      ...details,
      provider: subject.provider,
      role: subject.role,
      resource_scope: subject.resourceScope,
    },
  };
}
