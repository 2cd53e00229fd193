/** Arranges the validated file as the typed, frozen `ServerConfig`. */
import { isIPv6 } from "node:net";
import { type HostPort, parseHostPort } from "./addresses.js";
import type { ConfigFile } from "./schema.js";
import { secretConnectionUrl } from "./secret.js";
import type {
  AwsProviderConfig,
  DatabaseConfig,
  NotificationsConfig,
  ProvidersConfig,
  ServerConfig,
  ServerSection,
  SyslogConfig,
  TlsConfig,
} from "./types.js";

const DEFAULT_AWS_REGION = "us-east-1";

/** Expects a file that passed the schema and the cross-field rules. */
export function buildServerConfig(file: ConfigFile): ServerConfig {
  const tls = buildTls(file.tls);
  return deepFreeze({
    server: buildServer(file.server, tls),
    database: buildDatabase(file.database),
    auth: {
      oidcIssuer: file.auth.oidc_issuer,
      oidcDiscoveryUrl: file.auth.oidc_discovery_url ?? file.auth.oidc_issuer,
      clientId: file.auth.client_id,
      extraAudiences: file.auth.extra_audiences,
      groupsClaim: file.auth.groups_claim,
      adminGroup: file.auth.admin_group,
      adminEmails: file.auth.admin_emails,
      auditorGroup: file.auth.auditor_group,
    },
    tls,
    workflow: {
      maxDurationMs: file.workflow.max_duration,
      pendingTtlMs: file.workflow.pending_ttl,
      aiReviewTimeoutMs: file.workflow.ai_review_timeout,
      grantWaitMs: file.workflow.grant_wait,
      grantRetryWindowMs: file.workflow.grant_retry_window,
      revokeAlertAfterMs: file.workflow.revoke_alert_after,
    },
    security: { encryptionKey: file.security.encryption_key },
    policy: {
      reloadIntervalMs: file.policy.reload_interval,
      evalTimeoutMs: file.policy.eval_timeout,
    },
    providers: buildProviders(file.providers),
    notifications: buildNotifications(file.notifications),
    mcp: { token: file.mcp.token, agentIdentity: file.mcp.agent_identity },
    audit: {
      signingKey: file.audit.signing_key,
      checkpointEvery: {
        events: file.audit.checkpoint_every.events,
        intervalMs: file.audit.checkpoint_every.interval,
      },
    },
    log: { level: file.log.level, format: file.log.format },
  });
}

function buildServer(server: ConfigFile["server"], tls: TlsConfig | undefined): ServerSection {
  if (server.public_url !== undefined) {
    return {
      httpAddr: server.http_addr,
      publicUrl: server.public_url.replace(/\/+$/, ""),
      publicUrlDerived: false,
    };
  }
  return {
    httpAddr: server.http_addr,
    publicUrl: derivePublicUrl(server.http_addr, tls !== undefined),
    publicUrlDerived: true,
  };
}

/** What a user on this machine would type: every-interface addresses become `localhost`. */
function derivePublicUrl(address: HostPort, https: boolean): string {
  const everyInterface = ["", "0.0.0.0", "::"].includes(address.host);
  const host = everyInterface ? "localhost" : isIPv6(address.host) ? `[${address.host}]` : address.host;
  return `${https ? "https" : "http"}://${host}:${address.port}`;
}

function buildDatabase(database: ConfigFile["database"]): DatabaseConfig {
  const target = database.url;
  return target.driver === "postgres"
    ? { driver: "postgres", url: secretConnectionUrl(target.url), maxConnections: database.max_connections }
    : { driver: "pglite", dataDir: target.dataDir };
}

function buildTls(tls: ConfigFile["tls"]): TlsConfig | undefined {
  if (tls.cert_file === undefined) return undefined;
  return { certFile: tls.cert_file, keyFile: guaranteed(tls.key_file, "tls.key_file"), caFile: tls.ca_file };
}

function buildProviders(providers: ConfigFile["providers"]): ProvidersConfig {
  const { mock, azure, gcp, kubernetes } = providers;
  return {
    mock: mock && {
      failGrantTimes: mock.fail_grant_times,
      failRevokeTimes: mock.fail_revoke_times,
      latencyMs: mock.latency_ms,
      stateFile: mock.state_file,
      maxDurationMs: mock.max_duration,
    },
    aws: providers.aws && buildAws(providers.aws),
    azure: azure && {
      tenantId: azure.tenant_id,
      clientId: azure.client_id,
      clientSecret: azure.client_secret,
      credentialsSource: azure.credentials_source,
      defaultSubscriptionId: azure.default_subscription_id,
      maxDurationMs: azure.max_duration,
      armEndpoint: azure.arm_endpoint,
      graphEndpoint: azure.graph_endpoint,
    },
    gcp: gcp && {
      credentialsSource: gcp.credentials_source,
      conditionTitlePrefix: gcp.condition_title_prefix,
      maxDurationMs: gcp.max_duration,
      apiEndpoint: gcp.api_endpoint,
    },
    kubernetes: kubernetes && {
      kubeconfig: kubernetes.kubeconfig,
      context: kubernetes.context,
      maxDurationMs: kubernetes.max_duration,
      managedLabel: kubernetes.managed_label,
      userPrefix: kubernetes.user_prefix,
    },
  };
}

function buildAws(aws: NonNullable<ConfigFile["providers"]["aws"]>): AwsProviderConfig {
  const common = {
    region: aws.region ?? aws.default_region ?? DEFAULT_AWS_REGION,
    credentialsSource: aws.credentials_source,
    externalId: aws.external_id,
    maxDurationMs: aws.max_duration,
    endpointUrl: aws.endpoint_url,
  };
  return aws.mode === "sts_assume_role"
    ? {
        ...common,
        mode: aws.mode,
        roleArnTemplate: guaranteed(aws.role_arn_template, "providers.aws.role_arn_template"),
      }
    : {
        ...common,
        mode: aws.mode,
        identityCenterInstanceArn: guaranteed(
          aws.identity_center_instance_arn,
          "providers.aws.identity_center_instance_arn",
        ),
        identityCenterStoreId: guaranteed(
          aws.identity_center_store_id,
          "providers.aws.identity_center_store_id",
        ),
      };
}

function buildNotifications(notifications: ConfigFile["notifications"]): NotificationsConfig {
  const { slack, smtp, siem } = notifications;
  return {
    retryForMs: notifications.retry_for,
    slack: slack && {
      webhookUrl: slack.webhook_url,
      channel: slack.channel,
      mentionOnBreakGlass: slack.mention_on_break_glass,
    },
    smtp: smtp && {
      host: smtp.host,
      port: smtp.port ?? (smtp.secure ? 465 : 587),
      secure: smtp.secure,
      username: smtp.username,
      password: smtp.password,
      from: smtp.from,
      to: smtp.to,
    },
    webhooks: notifications.webhooks.map((webhook) => ({
      url: webhook.url,
      headers: webhook.headers,
      secret: webhook.secret,
      events: webhook.events,
    })),
    siem: {
      json: siem.json && { url: siem.json.url, headers: siem.json.headers, events: siem.json.events },
      syslog: siem.syslog && buildSyslog(siem.syslog),
    },
  };
}

function buildSyslog(syslog: NonNullable<ConfigFile["notifications"]["siem"]["syslog"]>): SyslogConfig {
  const common = { tag: syslog.tag, facility: syslog.facility };
  if (syslog.network === "unix") return { ...common, network: "unix", socketPath: syslog.address };
  const address = parseHostPort(syslog.address, { hostRequired: true });
  if (!address.ok) throw unchecked("notifications.siem.syslog.address");
  return { ...common, network: syslog.network, host: address.value.host, port: address.value.port };
}

/** A value the cross-field rules (rules.ts) have made sure of before anything is built. */
function guaranteed<T>(value: T | undefined, key: string): T {
  if (value === undefined) throw unchecked(key);
  return value;
}

function unchecked(key: string): Error {
  return new Error(`internal error: ${key} should have been checked by the configuration rules`);
}

/** Secrets freeze themselves and keep their value private; everything else is plain data. */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
