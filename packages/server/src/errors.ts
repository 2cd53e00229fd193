/**
 * Errors that carry an API error code (spec 02, "Errors"). Domain code throws these; the HTTP layer
 * turns them into application/problem+json responses. Nothing below the HTTP layer knows about HTTP.
 */
export type ErrorCode =
  | "invalid_argument"
  | "unauthenticated"
  | "permission_denied"
  | "not_found"
  | "wrong_state"
  | "not_eligible"
  | "policy_error"
  | "unavailable"
  | "internal";

export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  wrong_state: 409,
  not_eligible: 403,
  policy_error: 422,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    readonly code: ErrorCode,
    /** Shown to the user as the problem's `detail`: must name the field or state at fault, never SQL or a stack. */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(detail, options);
  }

  get status(): number {
    return HTTP_STATUS_BY_CODE[this.code];
  }
}

export const invalidArgument = (detail: string) => new AppError("invalid_argument", detail);
export const notFound = (detail: string) => new AppError("not_found", detail);
export const wrongState = (detail: string) => new AppError("wrong_state", detail);
export const permissionDenied = (detail: string) => new AppError("permission_denied", detail);
