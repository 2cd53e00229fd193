/**
 * The configuration of jitsudod: a YAML file plus `JITSUDOD_*` environment variables, validated
 * into one frozen `ServerConfig`. Reference: docs/configuration.md.
 */
export type { HostPort } from "./addresses.js";
export { formatDuration, parseDuration } from "./durations.js";
export { ENV_SETTINGS, CONFIG_FILE_ENV, type Env } from "./env.js";
export { ConfigError, type ConfigProblem, type ProblemSource } from "./errors.js";
export { type LoadedConfig, type LoadOptions, loadConfig, parseConfig, type RunMode } from "./load.js";
export { NOTIFICATION_EVENT_TYPES, type NotificationEventType } from "./notifications-schema.js";
export { type RedactedConfig, redactedConfig } from "./redact.js";
export { REDACTED, Secret } from "./secret.js";
export type * from "./types.js";
export { toWorkflowConfig } from "./workflow.js";
