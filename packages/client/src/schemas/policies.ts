/** Policies: objects, bodies, queries and responses (spec 02, 04). */
import { z } from "zod";
import { LIMITS, TimestampSchema, acceptingLongNames } from "./primitives.js";
import { ApproverTierSchema } from "./requests.js";

export const POLICY_TYPES = ["eligibility", "approval"] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

export const PolicyTypeSchema = z.enum(POLICY_TYPES).meta({
  id: "PolicyType",
  description: "eligibility (who may request what) or approval (who may approve)",
});

/** A policy type in input: the short name or `POLICY_TYPE_<NAME>`, normalised to the short name. */
export const PolicyTypeInputSchema = acceptingLongNames(POLICY_TYPES, "POLICY_TYPE_").meta({
  id: "PolicyTypeInput",
  description: "A policy type; the long form POLICY_TYPE_APPROVAL is accepted too",
});

const utf8 = new TextEncoder();

const RegoSourceSchema = z
  .string()
  .min(1)
  .refine((s) => s.length <= LIMITS.policyBytes && utf8.encode(s).length <= LIMITS.policyBytes, {
    message: `must be at most ${LIMITS.policyBytes / 1024} KiB`,
  })
  .describe("Rego source of one module");

export const PolicyNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
    message: "letters, digits, '.', '_' or '-', starting with a letter or digit",
  })
  .max(LIMITS.policyName)
  .describe("Unique name of the policy");

const policyFields = {
  id: z.string().describe("Policy ID, e.g. pol_01J…"),
  name: z.string(),
  type: PolicyTypeSchema,
  description: z.string(),
  enabled: z.boolean(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
  updated_by: z.string().describe("Identity of the admin who last applied it"),
};

/** A policy as listed: without its source. */
export const PolicySummarySchema = z
  .object(policyFields)
  .meta({ id: "PolicySummary", description: "A stored policy without its Rego source (GET /policies)" });
export type PolicySummary = z.infer<typeof PolicySummarySchema>;

export const PolicySchema = z
  .object({ ...policyFields, rego: z.string().describe("Rego source") })
  .meta({ id: "Policy", description: "A stored policy with its Rego source" });
export type Policy = z.infer<typeof PolicySchema>;

export const ApplyPolicyBodySchema = z
  .strictObject({
    name: PolicyNameSchema,
    type: PolicyTypeInputSchema,
    rego: RegoSourceSchema,
    description: z.string().max(LIMITS.description).optional(),
    enabled: z
      .boolean()
      .default(true)
      .describe("Disabled policies are stored but not evaluated (default true)"),
  })
  .meta({ id: "ApplyPolicyBody", description: "POST /policies: create or replace a policy by name" });
export type ApplyPolicyBody = z.output<typeof ApplyPolicyBodySchema>;
export type ApplyPolicyBodyInput = z.input<typeof ApplyPolicyBodySchema>;

export const EvalPolicyBodySchema = z
  .strictObject({
    input: z.record(z.string(), z.unknown()).describe("The policy input document (a JSON object)"),
    type: PolicyTypeInputSchema.optional().describe("Which policy set to evaluate (default eligibility)"),
    rego: RegoSourceSchema.optional().describe("Evaluate this unsaved source instead of the stored set"),
  })
  .meta({ id: "EvalPolicyBody", description: "POST /policies:eval (dry-run)" });
export type EvalPolicyBody = z.output<typeof EvalPolicyBodySchema>;
export type EvalPolicyBodyInput = z.input<typeof EvalPolicyBodySchema>;

export const ListPoliciesQuerySchema = z
  .strictObject({ type: PolicyTypeInputSchema.optional() })
  .meta({ id: "ListPoliciesQuery", description: "GET /policies" });
export type ListPoliciesQuery = z.output<typeof ListPoliciesQuerySchema>;

export const PolicyEvalResultSchema = z
  .object({
    allowed: z.boolean(),
    reason: z.string(),
    approver_tier: ApproverTierSchema.nullable().describe(
      "The combined approval route (approval policies only)",
    ),
    results: z
      .array(
        z.object({
          policy: z.string(),
          allowed: z.boolean(),
          reason: z.string().nullable(),
          approver_tier: ApproverTierSchema.nullable(),
        }),
      )
      .describe("Each policy's own answer, ordered by name"),
  })
  .meta({ id: "PolicyEvalResult", description: "Result of POST /policies:eval" });
export type PolicyEvalResult = z.infer<typeof PolicyEvalResultSchema>;

export const PolicyListSchema = z
  .object({ policies: z.array(PolicySummarySchema).describe("Ordered by name") })
  .meta({ id: "PolicyList", description: "Stored policies" });
export type PolicyList = z.infer<typeof PolicyListSchema>;

export const PolicyEnvelopeSchema = z
  .object({ policy: PolicySchema })
  .meta({ id: "PolicyEnvelope", description: "One policy with its source" });
export type PolicyEnvelope = z.infer<typeof PolicyEnvelopeSchema>;

export const ReloadPoliciesResultSchema = z
  .object({ policies_loaded: z.int().describe("Number of policies compiled") })
  .meta({ id: "ReloadPoliciesResult", description: "Result of POST /admin/reload-policies" });
export type ReloadPoliciesResult = z.infer<typeof ReloadPoliciesResultSchema>;
