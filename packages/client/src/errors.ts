/** What the client throws: the server's refusal, an unreachable server, or an answer it cannot read. */
import type { ErrorCode } from "./schemas/meta.js";

/** Codes a status implies when an error answer carries no problem document (e.g. from a proxy). */
const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: "invalid_argument",
  401: "unauthenticated",
  403: "permission_denied",
  404: "not_found",
  409: "wrong_state",
  422: "policy_error",
  500: "internal",
  502: "unavailable",
  503: "unavailable",
  504: "unavailable",
};

/** The server answered with an error (application/problem+json, spec 02 "Errors"). */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    /** The problem's `code`; a known {@link ErrorCode}, or a newer one this client does not know. */
    readonly code: ErrorCode | (string & {}),
    /** The problem's `detail`: meant to be shown to the user as it is. */
    readonly detail: string,
    readonly method: string,
    readonly url: string,
  ) {
    super(detail);
  }

  static codeForStatus(status: number): ErrorCode | "unknown" {
    return CODE_BY_STATUS[status] ?? "unknown";
  }
}

/** The server could not be reached (DNS, refused connection, TLS failure, timeout). */
export class ConnectionError extends Error {
  override readonly name = "ConnectionError";
  constructor(
    /** The server's base URL. */
    readonly serverUrl: string,
    /** Why, e.g. `connect ECONNREFUSED 127.0.0.1:8080` or `timed out after 30 s`. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot reach the jitsudo server at ${serverUrl}: ${reason}`, options);
  }
}

/** The server answered successfully but not with what the API defines (wrong server or version). */
export class ResponseError extends Error {
  override readonly name = "ResponseError";
  constructor(
    readonly method: string,
    readonly url: string,
    readonly problem: string,
  ) {
    super(`unexpected answer to ${method} ${url}: ${problem}`);
  }
}
