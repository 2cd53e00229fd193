/**
 * `JITSUDOD_*` environment variables (spec 07, 08, 09). They are laid over the file's values
 * before validation, so they always win, and a problem in one is reported under its key with the
 * variable's name. An empty variable counts as unset. Unknown `JITSUDOD_*` variables are not an
 * error, since the environment is shared with other software (Kubernetes adds `JITSUDOD_PORT` and
 * the like for a Service named jitsudod) and older deployments, but each one is reported as a warning.
 */
import { isMapping, type KeyPath, keyPath, setMappingKey, valueAt } from "./paths.js";
import { didYouMean } from "./suggest.js";

export type Env = Readonly<Record<string, string | undefined>>;

interface EnvSetting {
  readonly name: string;
  /** The YAML key it sets, dotted. */
  readonly key: string;
  /** How the variable's text becomes the key's value; the text itself by default. */
  readonly read?: (text: string) => unknown;
  /** Applied only when the file configures this block: a secret alone must not enable a provider. */
  readonly onlyWithBlock?: string;
  /** Applied only when the file leaves the key unset (or an empty list). */
  readonly onlyWhenUnset?: boolean;
}

const commaSeparated = (text: string) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

export const ENV_SETTINGS: readonly EnvSetting[] = [
  { name: "JITSUDOD_HTTP_ADDR", key: "server.http_addr" },
  { name: "JITSUDOD_PUBLIC_URL", key: "server.public_url" },
  { name: "JITSUDOD_DATABASE_URL", key: "database.url" },
  { name: "JITSUDOD_OIDC_ISSUER", key: "auth.oidc_issuer" },
  { name: "JITSUDOD_OIDC_DISCOVERY_URL", key: "auth.oidc_discovery_url" },
  { name: "JITSUDOD_OIDC_CLIENT_ID", key: "auth.client_id" },
  { name: "JITSUDOD_ADMIN_EMAILS", key: "auth.admin_emails", read: commaSeparated },
  { name: "JITSUDOD_TLS_CERT_FILE", key: "tls.cert_file" },
  { name: "JITSUDOD_TLS_KEY_FILE", key: "tls.key_file" },
  { name: "JITSUDOD_TLS_CA_FILE", key: "tls.ca_file" },
  { name: "JITSUDOD_ENCRYPTION_KEY", key: "security.encryption_key" },
  {
    name: "JITSUDOD_AZURE_CLIENT_SECRET",
    key: "providers.azure.client_secret",
    onlyWithBlock: "providers.azure",
  },
  { name: "JITSUDOD_SLACK_WEBHOOK_URL", key: "notifications.slack.webhook_url" },
  { name: "JITSUDOD_SMTP_HOST", key: "notifications.smtp.host" },
  { name: "JITSUDOD_SMTP_PASSWORD", key: "notifications.smtp.password" },
  {
    name: "JITSUDOD_WEBHOOK_URL",
    key: "notifications.webhooks",
    read: (url) => [{ url }],
    onlyWhenUnset: true,
  },
  { name: "JITSUDOD_SIEM_JSON_URL", key: "notifications.siem.json.url" },
  { name: "JITSUDOD_SIEM_SYSLOG_ADDRESS", key: "notifications.siem.syslog.address" },
  { name: "JITSUDOD_MCP_TOKEN", key: "mcp.token" },
  { name: "JITSUDOD_MCP_AGENT_IDENTITY", key: "mcp.agent_identity" },
  { name: "JITSUDOD_AUDIT_SIGNING_KEY", key: "audit.signing_key" },
  { name: "JITSUDOD_LOG_LEVEL", key: "log.level" },
  { name: "JITSUDOD_LOG_FORMAT", key: "log.format" },
];

/** Selects the configuration file (`--config` wins over it). */
export const CONFIG_FILE_ENV = "JITSUDOD_CONFIG";

const PREFIX = "JITSUDOD_";
const KNOWN_NAMES = [CONFIG_FILE_ENV, ...ENV_SETTINGS.map((setting) => setting.name)];

/** What Kubernetes puts into every pod of a namespace that has a Service named `jitsudod`. */
const KUBERNETES_SERVICE_LINK =
  /^JITSUDOD_(SERVICE_HOST|SERVICE_PORT(_\w+)?|PORT(_\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?)$/;

export function envVarFor(key: string): string | undefined {
  return ENV_SETTINGS.find((setting) => setting.key === key)?.name;
}

export interface EnvOverlay {
  /** The file's tree with the variables' values laid over it (a copy: the input is left alone). */
  readonly merged: Record<string, unknown>;
  /** The keys that variables set, and which variable set each. */
  readonly origins: ReadonlyArray<{ readonly path: KeyPath; readonly env: string }>;
  readonly warnings: readonly string[];
}

export function applyEnv(fileTree: Record<string, unknown>, env: Env): EnvOverlay {
  const merged = structuredClone(fileTree);
  const origins: { path: KeyPath; env: string }[] = [];
  const warnings: string[] = [];

  for (const setting of ENV_SETTINGS) {
    const text = env[setting.name];
    if (text === undefined || text === "") continue;
    const path = keyPath(setting.key);
    if (
      setting.onlyWithBlock !== undefined &&
      !isMapping(valueAt(fileTree, keyPath(setting.onlyWithBlock)))
    ) {
      warnings.push(`${setting.name} is ignored: ${setting.onlyWithBlock} is not configured`);
      continue;
    }
    if (setting.onlyWhenUnset && !isUnset(valueAt(fileTree, path))) {
      warnings.push(`${setting.name} is ignored: ${setting.key} is set in the configuration file`);
      continue;
    }
    if (setMappingKey(merged, path, setting.read ? setting.read(text) : text)) {
      origins.push({ path, env: setting.name });
    }
  }

  for (const name of Object.keys(env).sort()) {
    if (name.startsWith(PREFIX) && !KNOWN_NAMES.includes(name) && !KUBERNETES_SERVICE_LINK.test(name)) {
      warnings.push(`${name} is not a jitsudod setting and is ignored${suggestName(name)}`);
    }
  }
  return { merged, origins, warnings };
}

/** Compares what follows the prefix, which every name shares and which would make any two look alike. */
function suggestName(name: string): string {
  const known = KNOWN_NAMES.map((knownName) => knownName.slice(PREFIX.length));
  return didYouMean(name.slice(PREFIX.length), known, (match) => PREFIX + match);
}

function isUnset(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}
