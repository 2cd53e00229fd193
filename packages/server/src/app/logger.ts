/**
 * The process logger: JSON lines (pino), or human-readable text when `log.format: text` is asked
 * for. Header and secret-looking fields are censored as a second line of defence: nothing in the
 * code logs tokens, credentials, passwords or keys on purpose.
 */
import pino, { type Logger } from "pino";
import type { LogConfig } from "../config/index.js";

const REDACT = [
  "req.headers.authorization",
  "headers.authorization",
  "authorization",
  "*.token",
  "*.id_token",
  "*.password",
  "*.secret",
  "*.credentials",
];

export function createLogger(
  config: LogConfig,
  destination: pino.DestinationStream = pino.destination(2),
): Logger {
  const options: pino.LoggerOptions = {
    level: config.level,
    redact: { paths: REDACT, censor: "[redacted]" },
  };
  if (config.format === "text") {
    return pino({
      ...options,
      transport: {
        target: "pino-pretty",
        options: { destination: 2, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" },
      },
    });
  }
  return pino(options, destination);
}
