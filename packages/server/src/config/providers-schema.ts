/** `providers.*` (spec 08): a provider is available only when its block is present. */
import { z } from "zod";
import { count, duration, httpUrl, matching, optional, secretText, text } from "./fields.js";

const HOUR_MS = 3_600_000;

const mock = z.strictObject({
  /** The first N grant calls fail (tests of retries). */
  fail_grant_times: count().default(0),
  fail_revoke_times: count().default(0),
  /** Added before every grant and revoke. */
  latency_ms: count().default(0),
  /** Journal of grants and revocations shared by restarts and instances (fault tests). */
  state_file: optional(text()),
  /** Grants end after at most this long, as a cloud's session limit would end them. */
  max_duration: optional(duration()),
});

const AWS_MODES = ["sts_assume_role", "identity_center"] as const;
export const AWS_CREDENTIAL_SOURCES = ["default", "static", "instance_profile", "irsa"] as const;

const awsRegion = () => matching(/^[a-z]{2}(-[a-z]+)+-\d+$/, "an AWS region such as us-east-1");

const roleArnTemplate = () =>
  text()
    .refine(
      (value) => value.startsWith("arn:"),
      "must be an ARN template such as arn:aws:iam::{scope}:role/jitsudo-{role}",
    )
    .refine((value) => value.includes("{role}"), "must contain {role}")
    .superRefine((value, ctx) => {
      for (const [placeholder] of value.matchAll(/\{[^}]*\}/g)) {
        if (placeholder !== "{scope}" && placeholder !== "{role}") {
          ctx.addIssue({
            code: "custom",
            message: `unknown placeholder ${placeholder}; only {scope} and {role} are replaced`,
          });
        }
      }
    });

const aws = z.strictObject({
  mode: z.enum(AWS_MODES).default("sts_assume_role"),
  /** Required in sts_assume_role mode (rules.ts). */
  role_arn_template: optional(roleArnTemplate()),
  region: optional(awsRegion()),
  /** Alias of `region`, as written in the seed walkthrough. */
  default_region: optional(awsRegion()),
  credentials_source: z.enum(AWS_CREDENTIAL_SOURCES).default("default"),
  /** `""` sends no ExternalId. */
  external_id: optional(
    z
      .string()
      .refine(
        (value) => /^[\w+=,.@:/-]{2,1224}$/.test(value),
        "must be 2–1224 characters of A–Z a–z 0–9 +=,.@:/-_",
      ),
  ).prefault("jitsudo"),
  /** STS never issues a session longer than 12 h. */
  max_duration: optional(duration({ maxMs: 12 * HOUR_MS })),
  endpoint_url: optional(httpUrl()),
  /** Required in identity_center mode (rules.ts). */
  identity_center_instance_arn: optional(matching(/^arn:/, "an ARN such as arn:aws:sso:::instance/ssoins-…")),
  identity_center_store_id: optional(text()),
});

const guid = () => matching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "a GUID");

export const AZURE_CREDENTIAL_SOURCES = [
  "default",
  "workload_identity",
  "client_secret",
  "managed_identity",
] as const;

const azure = z.strictObject({
  tenant_id: text(),
  /** Required for workload_identity and client_secret (rules.ts). */
  client_id: optional(guid()),
  /** Better from JITSUDOD_AZURE_CLIENT_SECRET. Required for client_secret (rules.ts). */
  client_secret: optional(secretText()),
  credentials_source: z.enum(AZURE_CREDENTIAL_SOURCES).default("default"),
  default_subscription_id: optional(guid()),
  max_duration: optional(duration()),
  arm_endpoint: httpUrl().default("https://management.azure.com"),
  graph_endpoint: httpUrl().default("https://graph.microsoft.com"),
});

export const GCP_CREDENTIAL_SOURCES = [
  "application_default",
  "workload_identity_federation",
  "service_account_key",
] as const;

const gcp = z.strictObject({
  credentials_source: z.enum(GCP_CREDENTIAL_SOURCES).default("application_default"),
  condition_title_prefix: matching(/^[A-Za-z0-9_-]{1,60}$/, "1–60 characters of A–Z a–z 0–9 _ -").default(
    "jitsudo",
  ),
  max_duration: optional(duration()),
  api_endpoint: httpUrl().default("https://cloudresourcemanager.googleapis.com"),
});

const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

const kubernetes = z.strictObject({
  /** Empty: the in-cluster service account. */
  kubeconfig: optional(text()),
  context: optional(text()),
  max_duration: optional(duration()),
  managed_label: matching(LABEL_KEY, "a Kubernetes label key such as jitsudo.dev/managed").default(
    "jitsudo.dev/managed",
  ),
  /** e.g. `oidc:` when the API server prefixes OIDC user names. */
  user_prefix: z.string().default(""),
});

export const providersSchema = z.strictObject({
  mock: mock.optional(),
  aws: aws.optional(),
  azure: azure.optional(),
  gcp: gcp.optional(),
  kubernetes: kubernetes.optional(),
});
