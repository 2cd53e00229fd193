/** Elevation requests and grants: objects, bodies, queries and responses (spec 02, 03). */
import { z } from "zod";
import {
  IdentitySchema,
  LIMITS,
  MAX_WAIT_SECONDS,
  MIN_DURATION_SECONDS,
  NextPageTokenSchema,
  PageTokenSchema,
  ProviderNameSchema,
  QueryBooleanSchema,
  TimestampSchema,
  acceptingLongNames,
  pageSize,
  queryInteger,
} from "./primitives.js";

export const REQUEST_STATES = [
  "PENDING",
  "APPROVED",
  "REJECTED",
  "ACTIVE",
  "EXPIRED",
  "REVOKED",
  "FAILED",
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** States nothing leaves (spec 03). */
export const TERMINAL_STATES: readonly RequestState[] = ["REJECTED", "EXPIRED", "REVOKED", "FAILED"];

export const APPROVER_TIERS = ["auto", "ai_review", "human"] as const;
export type ApproverTier = (typeof APPROVER_TIERS)[number];

export const CREDENTIAL_PURPOSES = ["exec", "shell", "api"] as const;
export type CredentialPurpose = (typeof CREDENTIAL_PURPOSES)[number];

export const RequestStateSchema = z
  .enum(REQUEST_STATES)
  .meta({ id: "RequestState", description: "State of an elevation request (spec 03)" });

/** A state in input: the short name or `REQUEST_STATE_<NAME>`, normalised to the short name. */
export const RequestStateInputSchema = acceptingLongNames(REQUEST_STATES, "REQUEST_STATE_").meta({
  id: "RequestStateInput",
  description: "A request state; the long form REQUEST_STATE_PENDING is accepted too",
});

export const ApproverTierSchema = z
  .enum(APPROVER_TIERS)
  .meta({ id: "ApproverTier", description: "Approval route: auto, ai_review or human" });

export const RequestIdSchema = z
  .string()
  .min(1)
  .max(64)
  .describe("Request ID, e.g. req_01J8KZ4F2EMNQZ3V7XKQYBD4W");

const RoleSchema = z.string().min(1).max(LIMITS.role).describe("Provider role to be granted");
const ScopeSchema = z
  .string()
  .min(1)
  .max(LIMITS.scope)
  .describe("Resource scope: AWS account ID, GCP project, Azure subscription or Kubernetes namespace");
const ReasonSchema = z
  .string()
  .max(LIMITS.reason)
  .describe("Why the access is needed (e.g. an incident number)");

const MetadataValueSchema = z.union([z.string().max(LIMITS.metadataValue), z.number(), z.boolean()]);
export const MetadataInputSchema = z
  .record(z.string().min(1).max(LIMITS.metadataKey), MetadataValueSchema)
  .refine((m) => Object.keys(m).length <= LIMITS.metadataEntries, {
    message: `at most ${LIMITS.metadataEntries} entries`,
  })
  .describe("Free-form key/value pairs (strings, numbers or booleans) visible to policies");

export const ElevationRequestSchema = z
  .object({
    id: RequestIdSchema,
    state: RequestStateSchema,
    requester_identity: z.string(),
    provider: z.string(),
    role: z.string(),
    resource_scope: z.string(),
    duration_seconds: z.int().describe("Requested duration of the grant, in seconds"),
    reason: z.string(),
    break_glass: z.boolean().describe("Emergency access that skipped approval"),
    metadata: z.record(z.string(), z.unknown()),
    approver_tier: ApproverTierSchema,
    approver_identity: z
      .string()
      .nullable()
      .describe("Who approved (an identity, `policy` for auto-approval, `break-glass`), or who denied"),
    approver_comment: z.string().nullable(),
    ai_reasoning: z.string().nullable().describe("The AI reviewer's reasoning, when one decided"),
    created_at: TimestampSchema,
    updated_at: TimestampSchema,
    approved_at: TimestampSchema.nullable(),
    activated_at: TimestampSchema.nullable(),
    expires_at: TimestampSchema.nullable().describe("When the grant ends (set once ACTIVE)"),
    ended_at: TimestampSchema.nullable(),
    last_error: z.string().nullable().describe("The provider's last error while granting"),
    approver_groups: z
      .array(z.string())
      .optional()
      .describe("Groups whose members may approve (from the approval policy), for display and notifications"),
    required_approvals: z.int().optional().describe("Distinct approvals needed"),
    approvals: z.int().optional().describe("Approvals recorded so far"),
    reviewed_at: TimestampSchema.nullable()
      .optional()
      .describe("When an admin reviewed this break-glass request (null until then)"),
    reviewed_by: z.string().nullable().optional().describe("The admin who reviewed this break-glass request"),
  })
  .meta({ id: "ElevationRequest", description: "An elevation request (spec 02)" });
export type ElevationRequest = z.infer<typeof ElevationRequestSchema>;

export const CredentialSchema = z
  .object({ name: z.string(), value: z.string() })
  .meta({ id: "Credential", description: "One environment variable of a grant" });
export type Credential = z.infer<typeof CredentialSchema>;

export const GrantSchema = z
  .object({
    request_id: RequestIdSchema,
    credentials: z.array(CredentialSchema).describe("In the provider's order"),
    issued_at: TimestampSchema,
    expires_at: TimestampSchema,
  })
  .meta({
    id: "Grant",
    description: "Credentials of an ACTIVE request; only ever returned to its requester",
  });
export type Grant = z.infer<typeof GrantSchema>;

// ---- bodies ----

export const SubmitRequestBodySchema = z
  .strictObject({
    provider: ProviderNameSchema,
    role: RoleSchema,
    resource_scope: ScopeSchema,
    duration_seconds: z
      .int()
      .min(MIN_DURATION_SECONDS)
      .describe(`Grant duration in seconds: at least ${MIN_DURATION_SECONDS}, at most workflow.max_duration`),
    reason: ReasonSchema,
    break_glass: z.boolean().optional().describe("Emergency access: skips approval if a policy allows it"),
    metadata: MetadataInputSchema.optional(),
  })
  .meta({ id: "SubmitRequestBody", description: "POST /requests" });
export type SubmitRequestBody = z.output<typeof SubmitRequestBodySchema>;
export type SubmitRequestBodyInput = z.input<typeof SubmitRequestBodySchema>;

export const ApproveBodySchema = z
  .strictObject({ comment: z.string().max(LIMITS.comment).optional().describe("Shown on the request") })
  .meta({ id: "ApproveBody", description: "POST /requests/{id}/approve" });
export type ApproveBody = z.output<typeof ApproveBodySchema>;

export const DenyBodySchema = z
  .strictObject({
    reason: z
      .string()
      .max(LIMITS.reason)
      .refine((s) => s.trim() !== "", { message: "must not be empty" })
      .describe("Why the request is denied or withdrawn"),
  })
  .meta({ id: "DenyBody", description: "POST /requests/{id}/deny" });
export type DenyBody = z.output<typeof DenyBodySchema>;

export const RevokeBodySchema = z
  .strictObject({ reason: z.string().max(LIMITS.reason).optional() })
  .meta({ id: "RevokeBody", description: "POST /requests/{id}/revoke" });
export type RevokeBody = z.output<typeof RevokeBodySchema>;

export const ReviewBodySchema = z
  .strictObject({
    comment: z
      .string()
      .max(LIMITS.comment)
      .refine((s) => s.trim() !== "", { message: "must not be empty" })
      .describe("The admin's review of the break-glass use"),
  })
  .meta({ id: "ReviewBody", description: "POST /requests/{id}/review" });
export type ReviewBody = z.output<typeof ReviewBodySchema>;

// ---- queries ----

export const ListRequestsQuerySchema = z
  .strictObject({
    mine: QueryBooleanSchema.optional().describe("Only the caller's own requests"),
    pending: QueryBooleanSchema.optional().describe("Only PENDING requests the caller may approve"),
    state: RequestStateInputSchema.optional(),
    requester_identity: IdentitySchema.optional(),
    provider: ProviderNameSchema.optional(),
    break_glass: QueryBooleanSchema.optional().describe(
      "Only break-glass requests an admin has not yet reviewed",
    ),
    page_size: pageSize(500, 50).optional(),
    page_token: PageTokenSchema.optional(),
  })
  .meta({ id: "ListRequestsQuery", description: "GET /requests" });
export type ListRequestsQuery = z.output<typeof ListRequestsQuerySchema>;

export const GetRequestQuerySchema = z
  .strictObject({
    wait_seconds: queryInteger(0, MAX_WAIT_SECONDS)
      .optional()
      .describe(
        `Long-poll: answer once the state differs from known_state, or after at most this many seconds (max ${MAX_WAIT_SECONDS})`,
      ),
    known_state: RequestStateInputSchema.optional().describe(
      "The state the caller already knows (default: the current one)",
    ),
  })
  .meta({ id: "GetRequestQuery", description: "GET /requests/{id}" });
export type GetRequestQuery = z.output<typeof GetRequestQuerySchema>;

export const CredentialsQuerySchema = z
  .strictObject({
    purpose: z
      .enum(CREDENTIAL_PURPOSES)
      .optional()
      .describe("What the credentials are read for (default api)"),
    command: z
      .string()
      .max(LIMITS.command)
      .optional()
      .describe("The first word of the command they are used for"),
  })
  .meta({ id: "CredentialsQuery", description: "GET /requests/{id}/credentials" });
export type CredentialsQuery = z.output<typeof CredentialsQuerySchema>;

// ---- responses ----

export const RequestEnvelopeSchema = z
  .object({ request: ElevationRequestSchema })
  .meta({ id: "RequestEnvelope", description: "One elevation request" });
export type RequestEnvelope = z.infer<typeof RequestEnvelopeSchema>;

export const RequestListSchema = z
  .object({
    requests: z.array(ElevationRequestSchema).describe("Newest first"),
    next_page_token: NextPageTokenSchema,
  })
  .meta({ id: "RequestList", description: "A page of elevation requests" });
export type RequestList = z.infer<typeof RequestListSchema>;

export const GrantEnvelopeSchema = z
  .object({ grant: GrantSchema })
  .meta({ id: "GrantEnvelope", description: "A request's credentials" });
export type GrantEnvelope = z.infer<typeof GrantEnvelopeSchema>;
