/**
 * Checks that involve more than one key, or the mode jitsudod runs in. They read the input tree
 * (file and environment merged, before validation) and look only at which keys are set and at a
 * few enum-like values, so they can run even when some values are invalid: their problems are
 * listed together with every other one.
 */
import { parseHostPort } from "./addresses.js";
import { isPostgresUrl } from "./database-url.js";
import { type Finding, requiredMessage } from "./issues.js";
import { SYSLOG_NETWORKS } from "./notifications-schema.js";
import { isMapping, keyPath, valueAt } from "./paths.js";

/** `dev` for `jitsudod dev`; `serve` for everything else that runs against a real deployment (serve, migrate, audit-key). */
export type RunMode = "serve" | "dev";

/** A read-only view of the merged input tree, by dotted key. */
class InputTree {
  constructor(private readonly root: unknown) {}

  /** Set to something other than nothing: a missing key, `null` and `""` all count as unset. */
  isSet(key: string): boolean {
    const value = valueAt(this.root, keyPath(key));
    return value !== undefined && value !== null && value !== "";
  }

  /** The string at `key`; `undefined` when the key is unset or not a string. */
  text(key: string): string | undefined {
    const value = valueAt(this.root, keyPath(key));
    return typeof value === "string" && value !== "" ? value : undefined;
  }

  hasBlock(key: string): boolean {
    return isMapping(valueAt(this.root, keyPath(key)));
  }
}

type Rule = (input: InputTree, mode: RunMode) => Finding[];

const finding = (key: string, message: string): Finding => ({ path: keyPath(key), message });

const identityProvider: Rule = (input, mode) =>
  mode === "serve" && !input.isSet("auth.oidc_issuer")
    ? [finding("auth.oidc_issuer", requiredMessage("auth.oidc_issuer", "outside dev mode"))]
    : [];

const devModeStore: Rule = (input, mode) =>
  mode === "dev" && isPostgresUrl(input.text("database.url") ?? "")
    ? [
        finding(
          "database.url",
          "jitsudod dev never runs against PostgreSQL; use pglite:///path/to/dir or pglite://memory, or run jitsudod serve",
        ),
      ]
    : [];

// Dev mode refuses PostgreSQL altogether (above), so a key it would need is not worth a second line.
const encryptionKeyWithPostgres: Rule = (input, mode) =>
  mode === "serve" &&
  isPostgresUrl(input.text("database.url") ?? "") &&
  !input.isSet("security.encryption_key")
    ? [
        finding(
          "security.encryption_key",
          `${requiredMessage("security.encryption_key", "with a PostgreSQL database")}; generate one with: openssl rand -base64 32`,
        ),
      ]
    : [];

const tlsFiles: Rule = (input) => {
  const cert = input.isSet("tls.cert_file");
  const key = input.isSet("tls.key_file");
  if (input.isSet("tls.ca_file") && !cert && !key) {
    return [
      finding(
        "tls.ca_file",
        "needs tls.cert_file and tls.key_file: client certificates are only checked over HTTPS",
      ),
    ];
  }
  if (cert && !key) return [finding("tls.key_file", requiredMessage("tls.key_file", "with tls.cert_file"))];
  if (key && !cert) return [finding("tls.cert_file", requiredMessage("tls.cert_file", "with tls.key_file"))];
  return [];
};

const awsMode: Rule = (input) => {
  if (!input.hasBlock("providers.aws")) return [];
  const findings: Finding[] = [];
  const mode = input.text("providers.aws.mode") ?? "sts_assume_role";
  const needs = (key: string) => {
    if (!input.isSet(key)) findings.push(finding(key, requiredMessage(key, `in ${mode} mode`)));
  };
  if (mode === "sts_assume_role") needs("providers.aws.role_arn_template");
  if (mode === "identity_center") {
    needs("providers.aws.identity_center_instance_arn");
    needs("providers.aws.identity_center_store_id");
  }
  if (input.isSet("providers.aws.region") && input.isSet("providers.aws.default_region")) {
    findings.push(
      finding("providers.aws.default_region", "is another name for region; set only one of them"),
    );
  }
  return findings;
};

const azureCredentials: Rule = (input) => {
  if (!input.hasBlock("providers.azure")) return [];
  const source = input.text("providers.azure.credentials_source") ?? "default";
  const findings: Finding[] = [];
  const when = `with credentials_source ${source}`;
  if (
    (source === "workload_identity" || source === "client_secret") &&
    !input.isSet("providers.azure.client_id")
  ) {
    findings.push(finding("providers.azure.client_id", requiredMessage("providers.azure.client_id", when)));
  }
  if (source === "client_secret" && !input.isSet("providers.azure.client_secret")) {
    findings.push(
      finding("providers.azure.client_secret", requiredMessage("providers.azure.client_secret", when)),
    );
  }
  return findings;
};

const smtpLogin: Rule = (input) =>
  input.isSet("notifications.smtp.password") && !input.isSet("notifications.smtp.username")
    ? [
        finding(
          "notifications.smtp.username",
          requiredMessage("notifications.smtp.username", "with a password"),
        ),
      ]
    : [];

const syslogAddress: Rule = (input) => {
  const address = input.text("notifications.siem.syslog.address");
  if (address === undefined) return [];
  const network = input.text("notifications.siem.syslog.network") ?? "udp";
  const key = "notifications.siem.syslog.address";
  // An unknown network is reported by the schema; which address form it wants is unknown.
  if (!(SYSLOG_NETWORKS as readonly string[]).includes(network)) return [];
  if (network === "unix") {
    return address.startsWith("/")
      ? []
      : [finding(key, "must be the absolute path of a socket with network unix, e.g. /dev/log")];
  }
  const parsed = parseHostPort(address, { hostRequired: true });
  return parsed.ok ? [] : [finding(key, parsed.reason)];
};

const RULES: readonly Rule[] = [
  identityProvider,
  devModeStore,
  encryptionKeyWithPostgres,
  tlsFiles,
  awsMode,
  azureCredentials,
  smtpLogin,
  syslogAddress,
];

export function checkRules(input: unknown, mode: RunMode): Finding[] {
  const tree = new InputTree(input);
  return RULES.flatMap((rule) => rule(tree, mode));
}
