/** The caller, the server's version and the error document (spec 02). */
import { z } from "zod";
import { TrustTierSchema } from "./principals.js";

export const WhoamiSchema = z
  .object({
    identity: z.string(),
    groups: z.array(z.string()),
    admin: z.boolean(),
    auditor: z.boolean(),
    trust_tier: TrustTierSchema,
  })
  .meta({ id: "Whoami", description: "The authenticated caller (GET /whoami)" });
export type Whoami = z.infer<typeof WhoamiSchema>;

export const ServerVersionSchema = z
  .object({ version: z.string(), api_versions: z.array(z.string()) })
  .meta({ id: "ServerVersion", description: "GET /version" });
export type ServerVersion = z.infer<typeof ServerVersionSchema>;

export const ERROR_CODES = [
  "invalid_argument",
  "unauthenticated",
  "permission_denied",
  "not_found",
  "wrong_state",
  "not_eligible",
  "policy_error",
  "unavailable",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorCodeSchema = z
  .enum(ERROR_CODES)
  .meta({ id: "ErrorCode", description: "Stable machine-readable error code" });

export const ProblemSchema = z
  .object({
    type: z.string().describe("about:blank"),
    title: z.string().describe("The HTTP status text, e.g. Conflict"),
    status: z.int(),
    code: ErrorCodeSchema,
    detail: z.string().describe("What went wrong, for people; never a stack trace or SQL"),
    instance: z.string().optional(),
  })
  .meta({ id: "Problem", description: "application/problem+json error (RFC 9457)" });
export type Problem = z.infer<typeof ProblemSchema>;

export const DevTokenSchema = z
  .object({ id_token: z.string().min(1), expires_in: z.int().describe("Seconds until the token expires") })
  .meta({
    id: "DevToken",
    description: "POST /dev/token: an ID token for a static dev user (jitsudod dev only)",
  });
export type DevToken = z.infer<typeof DevTokenSchema>;
