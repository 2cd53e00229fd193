/** Principals and their trust tiers (spec 02, 03). */
import { z } from "zod";
import {
  LIMITS,
  MAX_TRUST_TIER,
  NextPageTokenSchema,
  PageTokenSchema,
  TimestampSchema,
  pageSize,
} from "./primitives.js";

export const TrustTierSchema = z
  .int()
  .min(0)
  .max(MAX_TRUST_TIER)
  .describe(`Trust level from 0 (unknown, the default) to ${MAX_TRUST_TIER}`);

export const PrincipalSchema = z
  .object({
    identity: z.string(),
    trust_tier: TrustTierSchema,
    notes: z.string().nullable(),
    enrolled_by: z.string().nullable().describe("The admin who last set the trust tier"),
    enrolled_at: TimestampSchema.nullable(),
    last_seen_at: TimestampSchema.nullable(),
  })
  .meta({ id: "Principal", description: "An identity (a person or an agent) and its trust tier" });
export type Principal = z.infer<typeof PrincipalSchema>;

export const SetTrustTierBodySchema = z
  .strictObject({
    trust_tier: TrustTierSchema,
    notes: z.string().max(LIMITS.notes).nullable().optional().describe("Why the tier was set"),
  })
  .meta({ id: "SetTrustTierBody", description: "PUT /principals/{identity}/trust-tier" });
export type SetTrustTierBody = z.output<typeof SetTrustTierBodySchema>;

export const ListPrincipalsQuerySchema = z
  .strictObject({ page_size: pageSize(1000, 100).optional(), page_token: PageTokenSchema.optional() })
  .meta({ id: "ListPrincipalsQuery", description: "GET /principals" });
export type ListPrincipalsQuery = z.output<typeof ListPrincipalsQuerySchema>;

export const PrincipalEnvelopeSchema = z
  .object({ principal: PrincipalSchema })
  .meta({ id: "PrincipalEnvelope", description: "One principal" });
export type PrincipalEnvelope = z.infer<typeof PrincipalEnvelopeSchema>;

export const PrincipalListSchema = z
  .object({
    principals: z.array(PrincipalSchema).describe("Ordered by identity"),
    next_page_token: NextPageTokenSchema,
  })
  .meta({ id: "PrincipalList", description: "A page of principals" });
export type PrincipalList = z.infer<typeof PrincipalListSchema>;
