/**
 * The validated configuration of jitsudod, grouped like the YAML file, with camelCase names.
 * Durations are in milliseconds (`…Ms`). Anything that is or may carry a credential is a
 * `Secret`: call `reveal()` where it is used. The whole object is frozen.
 */
import type { HostPort } from "./addresses.js";
import type { NotificationEventType, SYSLOG_FACILITIES, SYSLOG_NETWORKS } from "./notifications-schema.js";
import type {
  AWS_CREDENTIAL_SOURCES,
  AZURE_CREDENTIAL_SOURCES,
  GCP_CREDENTIAL_SOURCES,
} from "./providers-schema.js";
import type { LOG_FORMATS, LOG_LEVELS } from "./schema.js";
import type { Secret } from "./secret.js";

export interface ServerConfig {
  readonly server: ServerSection;
  readonly database: DatabaseConfig;
  readonly auth: AuthConfig;
  /** HTTPS when present; plain HTTP (behind a TLS-terminating proxy) when `undefined`. */
  readonly tls: TlsConfig | undefined;
  readonly workflow: WorkflowSettings;
  readonly security: SecurityConfig;
  readonly policy: PolicyConfig;
  readonly providers: ProvidersConfig;
  readonly notifications: NotificationsConfig;
  readonly mcp: McpConfig;
  readonly audit: AuditConfig;
  readonly log: LogConfig;
}

export interface ServerSection {
  /** `server.http_addr`; `host` is `""` for every interface (`:8080`). */
  readonly httpAddr: HostPort;
  /** `server.public_url` without a trailing slash, or derived from `httpAddr` (and TLS). */
  readonly publicUrl: string;
  /** True when `publicUrl` was derived: notifications then carry no links (spec 09). */
  readonly publicUrlDerived: boolean;
}

export type DatabaseConfig =
  | {
      readonly driver: "postgres";
      readonly url: Secret;
      /** Pool size. */
      readonly maxConnections: number;
    }
  | {
      readonly driver: "pglite";
      /** As written (relative paths are relative to the working directory); `undefined` for `pglite://memory`. */
      readonly dataDir: string | undefined;
    };

export interface AuthConfig {
  /** Must equal the tokens' `iss`. Always set outside dev mode; dev mode brings its own identity provider. */
  readonly oidcIssuer: string | undefined;
  /** Where discovery and JWKS are fetched from; the issuer unless set. */
  readonly oidcDiscoveryUrl: string | undefined;
  /** The audience every token must carry. */
  readonly clientId: string;
  readonly extraAudiences: readonly string[];
  readonly groupsClaim: string;
  readonly adminGroup: string;
  readonly adminEmails: readonly string[];
  readonly auditorGroup: string;
}

export interface TlsConfig {
  readonly certFile: string;
  readonly keyFile: string;
  /** With it, clients must present a certificate signed by this CA (mTLS). */
  readonly caFile: string | undefined;
}

/** `workflow.*`; `toWorkflowConfig()` turns it into the workflow module's `WorkflowConfig`. */
export interface WorkflowSettings {
  /** A whole number of seconds, at least one minute. */
  readonly maxDurationMs: number;
  readonly pendingTtlMs: number;
  readonly aiReviewTimeoutMs: number;
  /** May be 0: answer `APPROVED` at once. */
  readonly grantWaitMs: number;
  readonly grantRetryWindowMs: number;
  readonly revokeAlertAfterMs: number;
}

export interface SecurityConfig {
  /** 32 bytes for AES-256-GCM. Always set with PostgreSQL; with PGlite, `undefined` means "generate one and keep it in the data directory". */
  readonly encryptionKey: Secret<Buffer> | undefined;
}

export interface PolicyConfig {
  readonly reloadIntervalMs: number;
  readonly evalTimeoutMs: number;
}

/** A provider is available only when its block is present. */
export interface ProvidersConfig {
  readonly mock: MockProviderSettings | undefined;
  readonly aws: AwsProviderConfig | undefined;
  readonly azure: AzureProviderConfig | undefined;
  readonly gcp: GcpProviderConfig | undefined;
  readonly kubernetes: KubernetesProviderConfig | undefined;
}

export interface MockProviderSettings {
  readonly failGrantTimes: number;
  readonly failRevokeTimes: number;
  readonly latencyMs: number;
  /** Where the mock keeps its bindings so restarts and other instances see them; memory when `undefined`. */
  readonly stateFile: string | undefined;
  /** Grants last at most this long; `undefined`: as long as requested. */
  readonly maxDurationMs: number | undefined;
}

interface AwsCommon {
  readonly region: string;
  readonly credentialsSource: (typeof AWS_CREDENTIAL_SOURCES)[number];
  /** Sent as `sts:ExternalId`; `undefined` when configured as `""`. */
  readonly externalId: string | undefined;
  /** At most 12 h; `undefined`: only `workflow.max_duration` limits it. */
  readonly maxDurationMs: number | undefined;
  /** STS/IAM (or SSO Admin/Identity Store) endpoint override. */
  readonly endpointUrl: string | undefined;
}

export type AwsProviderConfig =
  | (AwsCommon & {
      readonly mode: "sts_assume_role";
      /** With `{scope}` and `{role}` placeholders. */
      readonly roleArnTemplate: string;
    })
  | (AwsCommon & {
      readonly mode: "identity_center";
      readonly identityCenterInstanceArn: string;
      readonly identityCenterStoreId: string;
    });

export interface AzureProviderConfig {
  readonly tenantId: string;
  readonly clientId: string | undefined;
  readonly clientSecret: Secret | undefined;
  readonly credentialsSource: (typeof AZURE_CREDENTIAL_SOURCES)[number];
  /** Used when a request's scope is empty. */
  readonly defaultSubscriptionId: string | undefined;
  readonly maxDurationMs: number | undefined;
  readonly armEndpoint: string;
  readonly graphEndpoint: string;
}

export interface GcpProviderConfig {
  readonly credentialsSource: (typeof GCP_CREDENTIAL_SOURCES)[number];
  readonly conditionTitlePrefix: string;
  readonly maxDurationMs: number | undefined;
  readonly apiEndpoint: string;
}

export interface KubernetesProviderConfig {
  /** `undefined`: the in-cluster service account. */
  readonly kubeconfig: string | undefined;
  readonly context: string | undefined;
  readonly maxDurationMs: number | undefined;
  readonly managedLabel: string;
  /** Put before the user's e-mail in binding subjects; `""` for none. */
  readonly userPrefix: string;
}

export interface NotificationsConfig {
  /** How long each channel is retried for one event. */
  readonly retryForMs: number;
  readonly slack: SlackConfig | undefined;
  readonly smtp: SmtpConfig | undefined;
  readonly webhooks: readonly WebhookConfig[];
  readonly siem: {
    readonly json: SiemJsonConfig | undefined;
    readonly syslog: SyslogConfig | undefined;
  };
}

/** Empty: every event type. Break-glass events go to every channel regardless. */
export type EventFilter = readonly NotificationEventType[];

export interface SlackConfig {
  readonly webhookUrl: Secret;
  readonly channel: string | undefined;
  readonly mentionOnBreakGlass: string | undefined;
}

export interface SmtpConfig {
  readonly host: string;
  /** 587 by default, 465 with `secure`. */
  readonly port: number;
  /** false: STARTTLS when offered; true: TLS from the first byte. */
  readonly secure: boolean;
  readonly username: string | undefined;
  readonly password: Secret | undefined;
  readonly from: string;
  readonly to: readonly string[];
}

export interface WebhookConfig {
  readonly url: Secret;
  readonly headers: Readonly<Record<string, Secret>>;
  /** HMAC-SHA256 key for `X-Jitsudo-Signature-256`. */
  readonly secret: Secret | undefined;
  readonly events: EventFilter;
}

export interface SiemJsonConfig {
  readonly url: Secret;
  readonly headers: Readonly<Record<string, Secret>>;
  readonly events: EventFilter;
}

export type SyslogFacility = (typeof SYSLOG_FACILITIES)[number];

export type SyslogConfig = (
  | {
      readonly network: Exclude<(typeof SYSLOG_NETWORKS)[number], "unix">;
      readonly host: string;
      readonly port: number;
    }
  | { readonly network: "unix"; readonly socketPath: string }
) & {
  readonly tag: string;
  readonly facility: SyslogFacility;
};

export interface McpConfig {
  /** The approver tools (`POST /mcp`) are disabled when `undefined`. */
  readonly token: Secret | undefined;
  /** The actor recorded for AI decisions. */
  readonly agentIdentity: string;
}

export interface AuditConfig {
  /** Ed25519 private key (PEM) for checkpoints; none are signed when `undefined`. */
  readonly signingKey: Secret | undefined;
  /** A checkpoint is signed after `events` events or `intervalMs`, whichever comes first. */
  readonly checkpointEvery: { readonly events: number; readonly intervalMs: number };
}

export interface LogConfig {
  readonly level: (typeof LOG_LEVELS)[number];
  readonly format: (typeof LOG_FORMATS)[number];
}
