/**
 * Turns whatever a command threw into what the user sees on stderr (`Error: …` and one line of
 * what to do next) and the exit code (spec 06). Client errors are recognised by name, so that
 * reporting an error never has to load the client.
 */
import { CliError } from "./errors.js";
import { EXIT } from "./exit-codes.js";

export interface ErrorReport {
  readonly message: string;
  readonly hint?: string;
  readonly exitCode: number;
}

interface ApiErrorLike extends Error {
  status: number;
  code: string;
  detail: string;
}

interface ConnectionErrorLike extends Error {
  reason: string;
}

export function describeError(err: unknown): ErrorReport {
  if (err instanceof CliError) return { message: err.message, hint: err.hint, exitCode: err.exitCode };
  if (err instanceof Error && err.name === "ApiError") return describeApiError(err as ApiErrorLike);
  if (err instanceof Error && err.name === "ConnectionError") {
    const { reason } = err as ConnectionErrorLike;
    const hint = /certificate|self[- ]signed|UNABLE_TO_VERIFY|CERT_/i.test(reason)
      ? "if the server uses a private CA, pass it with --ca-file (or JITSUDO_TLS_CA_FILE)"
      : "check the server URL (--server or JITSUDO_SERVER) and that jitsudod is running: jitsudo server status";
    return { message: err.message, hint, exitCode: EXIT.failure };
  }
  if (err instanceof Error && err.name === "ResponseError") {
    return {
      message: err.message,
      hint: "is this a jitsudo server speaking API v1alpha1? check: jitsudo server version",
      exitCode: EXIT.failure,
    };
  }
  return { message: err instanceof Error ? err.message : String(err), exitCode: EXIT.failure };
}

function describeApiError(err: ApiErrorLike): ErrorReport {
  if (err.status === 401 || err.code === "unauthenticated") {
    return {
      message: `not authenticated: ${err.detail}`,
      hint: "log in again: jitsudo login --provider <issuer-url> (or check --token / JITSUDO_TOKEN)",
      exitCode: EXIT.notAuthenticated,
    };
  }
  if (err.code === "not_eligible") return { message: `not eligible: ${err.detail}`, exitCode: EXIT.failure };
  if (err.code === "unavailable") {
    return {
      message: err.detail,
      hint: "the server is not ready; check: jitsudo server status",
      exitCode: EXIT.failure,
    };
  }
  return { message: err.detail, exitCode: EXIT.failure };
}
