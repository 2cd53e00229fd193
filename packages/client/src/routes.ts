/**
 * Every `/api/v1alpha1` route with the schemas of its path parameters, query, body and answer.
 * The client sends requests from this table; the server can register and document routes from it,
 * so both sides agree on one definition. Paths use OpenAPI's `{param}` syntax.
 */
import { z } from "zod";
import {
  AuditEventListSchema,
  AuditQuerySchema,
  AuditVerifyQuerySchema,
  AuditVerifyResultSchema,
} from "./schemas/audit.js";
import { WhoamiSchema } from "./schemas/meta.js";
import {
  ApplyPolicyBodySchema,
  EvalPolicyBodySchema,
  ListPoliciesQuerySchema,
  PolicyEnvelopeSchema,
  PolicyEvalResultSchema,
  PolicyListSchema,
  ReloadPoliciesResultSchema,
} from "./schemas/policies.js";
import {
  ListPrincipalsQuerySchema,
  PrincipalEnvelopeSchema,
  PrincipalListSchema,
  SetTrustTierBodySchema,
} from "./schemas/principals.js";
import { IdentitySchema } from "./schemas/primitives.js";
import {
  ApproveBodySchema,
  CredentialsQuerySchema,
  DenyBodySchema,
  GetRequestQuerySchema,
  GrantEnvelopeSchema,
  ListRequestsQuerySchema,
  RequestEnvelopeSchema,
  RequestIdSchema,
  RequestListSchema,
  ReviewBodySchema,
  RevokeBodySchema,
  SubmitRequestBodySchema,
} from "./schemas/requests.js";

export const API_PREFIX = "/api/v1alpha1";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface RouteSpec {
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** Schema of the success answer; `null` for 204 No Content. */
  readonly response: z.ZodType | null;
  readonly status: 200 | 201 | 204;
}

export const RequestIdParamsSchema = z.strictObject({ id: RequestIdSchema });
export const PolicyIdParamsSchema = z.strictObject({ id: z.string().min(1).max(64).describe("Policy ID") });
export const IdentityParamsSchema = z.strictObject({ identity: IdentitySchema });

export const ROUTES = {
  submitRequest: {
    method: "POST",
    path: "/requests",
    summary: "Submit an elevation request",
    body: SubmitRequestBodySchema,
    response: RequestEnvelopeSchema,
    status: 201,
  },
  listRequests: {
    method: "GET",
    path: "/requests",
    summary: "List elevation requests, newest first",
    query: ListRequestsQuerySchema,
    response: RequestListSchema,
    status: 200,
  },
  getRequest: {
    method: "GET",
    path: "/requests/{id}",
    summary: "Read one request, optionally long-polling for a state change",
    params: RequestIdParamsSchema,
    query: GetRequestQuerySchema,
    response: RequestEnvelopeSchema,
    status: 200,
  },
  approveRequest: {
    method: "POST",
    path: "/requests/{id}/approve",
    summary: "Approve a pending request",
    params: RequestIdParamsSchema,
    body: ApproveBodySchema,
    response: RequestEnvelopeSchema,
    status: 200,
  },
  denyRequest: {
    method: "POST",
    path: "/requests/{id}/deny",
    summary: "Deny a pending request, or withdraw one's own",
    params: RequestIdParamsSchema,
    body: DenyBodySchema,
    response: RequestEnvelopeSchema,
    status: 200,
  },
  revokeRequest: {
    method: "POST",
    path: "/requests/{id}/revoke",
    summary: "End an active or approved grant now",
    params: RequestIdParamsSchema,
    body: RevokeBodySchema,
    response: RequestEnvelopeSchema,
    status: 200,
  },
  reviewRequest: {
    method: "POST",
    path: "/requests/{id}/review",
    summary: "Record an admin's review of a break-glass request",
    params: RequestIdParamsSchema,
    body: ReviewBodySchema,
    response: RequestEnvelopeSchema,
    status: 200,
  },
  readCredentials: {
    method: "GET",
    path: "/requests/{id}/credentials",
    summary: "Read an active request's credentials (requester only; audited)",
    params: RequestIdParamsSchema,
    query: CredentialsQuerySchema,
    response: GrantEnvelopeSchema,
    status: 200,
  },
  listPolicies: {
    method: "GET",
    path: "/policies",
    summary: "List stored policies (without their source)",
    query: ListPoliciesQuerySchema,
    response: PolicyListSchema,
    status: 200,
  },
  getPolicy: {
    method: "GET",
    path: "/policies/{id}",
    summary: "Read one policy with its source",
    params: PolicyIdParamsSchema,
    response: PolicyEnvelopeSchema,
    status: 200,
  },
  applyPolicy: {
    method: "POST",
    path: "/policies",
    summary: "Create or replace a policy by name (compiled first)",
    body: ApplyPolicyBodySchema,
    response: PolicyEnvelopeSchema,
    status: 200,
  },
  deletePolicy: {
    method: "DELETE",
    path: "/policies/{id}",
    summary: "Delete a policy",
    params: PolicyIdParamsSchema,
    response: null,
    status: 204,
  },
  evalPolicy: {
    method: "POST",
    path: "/policies:eval",
    summary: "Dry-run the stored policies, or an unsaved source, against an input",
    body: EvalPolicyBodySchema,
    response: PolicyEvalResultSchema,
    status: 200,
  },
  reloadPolicies: {
    method: "POST",
    path: "/admin/reload-policies",
    summary: "Recompile the stored policies now",
    response: ReloadPoliciesResultSchema,
    status: 200,
  },
  queryAudit: {
    method: "GET",
    path: "/audit",
    summary: "Query audit events",
    query: AuditQuerySchema,
    response: AuditEventListSchema,
    status: 200,
  },
  verifyAudit: {
    method: "GET",
    path: "/audit/verify",
    summary: "Recompute the audit hash chain",
    query: AuditVerifyQuerySchema,
    response: AuditVerifyResultSchema,
    status: 200,
  },
  listPrincipals: {
    method: "GET",
    path: "/principals",
    summary: "List principals",
    query: ListPrincipalsQuerySchema,
    response: PrincipalListSchema,
    status: 200,
  },
  getPrincipal: {
    method: "GET",
    path: "/principals/{identity}",
    summary: "Read one principal",
    params: IdentityParamsSchema,
    response: PrincipalEnvelopeSchema,
    status: 200,
  },
  setTrustTier: {
    method: "PUT",
    path: "/principals/{identity}/trust-tier",
    summary: "Set a principal's trust tier",
    params: IdentityParamsSchema,
    body: SetTrustTierBodySchema,
    response: PrincipalEnvelopeSchema,
    status: 200,
  },
  whoami: {
    method: "GET",
    path: "/whoami",
    summary: "Who the caller is",
    response: WhoamiSchema,
    status: 200,
  },
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof ROUTES;
