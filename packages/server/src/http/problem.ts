/**
 * Every error leaves as application/problem+json (RFC 9457) with a stable `code` (spec 02). The
 * detail of a 500 is a generic sentence with a reference to the log line, never a stack or SQL.
 */
import { randomUUID } from "node:crypto";
import type { FastifyBaseLogger, FastifyError, FastifyReply } from "fastify";
import type { z } from "zod";
import { AppError, type ErrorCode, HTTP_STATUS_BY_CODE } from "../errors.js";

export interface Problem {
  type: "about:blank";
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  422: "Unprocessable Content",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export function problemOf(code: ErrorCode, detail: string): Problem {
  const status = HTTP_STATUS_BY_CODE[code];
  return { type: "about:blank", title: TITLES[status] ?? "Error", status, code, detail };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  if (problem.status === 401) reply.header("www-authenticate", 'Bearer realm="jitsudo"');
  return reply.code(problem.status).type("application/problem+json").send(problem);
}

/** Where a zod issue was found, for the message: `body.duration_seconds`, `query.page_size`. */
export class InputError extends Error {
  constructor(
    readonly location: "body" | "query" | "path",
    readonly issues: readonly z.core.$ZodIssue[],
  ) {
    super("invalid input");
  }

  get detail(): string {
    return this.issues
      .map((i) => {
        const path = [this.location === "path" ? "" : this.location, ...i.path.map(String)]
          .filter(Boolean)
          .join(".");
        return `${path || this.location}: ${issueMessage(i)}`;
      })
      .join("; ");
  }
}

function issueMessage(i: z.core.$ZodIssue): string {
  if (i.code === "unrecognized_keys")
    return `unknown field${i.keys.length > 1 ? "s" : ""} ${i.keys.join(", ")}`;
  return i.message;
}

const CONNECTION_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE"]);
// PostgreSQL classes 08 (connection exception) and 57P (operator intervention: shutdown, restart).
const UNAVAILABLE_SQLSTATE = /^(08|57P)/;

/** True for errors that mean "the database is unreachable", also when wrapped by the query builder. */
function isDatabaseUnavailable(err: unknown): boolean {
  for (
    let e = err as { code?: unknown; cause?: unknown; message?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    if (typeof e.code === "string" && (CONNECTION_ERRORS.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code)))
      return true;
    if (
      typeof e.message === "string" &&
      /Connection terminated|timeout exceeded when trying to connect/.test(e.message)
    ) {
      return true;
    }
    if (typeof e.cause !== "object") break;
  }
  return false;
}

/** Maps anything thrown by a route (or by Fastify before it) to the problem the client gets. */
export function problemFor(err: unknown, log: Pick<FastifyBaseLogger, "error">): Problem {
  if (err instanceof AppError) return problemOf(err.code, err.detail);
  if (err instanceof InputError) return problemOf("invalid_argument", err.detail);
  const fastify = err as Partial<FastifyError>;
  switch (fastify.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return problemOf("invalid_argument", "body: larger than the 1 MiB limit");
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return problemOf("invalid_argument", `body: not valid JSON (${fastify.message})`);
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return problemOf("invalid_argument", "body: must be sent as application/json");
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return problemOf("invalid_argument", "body: Content-Length does not match the body");
  }
  if (err instanceof SyntaxError && fastify.statusCode === 400) {
    return problemOf("invalid_argument", `body: not valid JSON (${err.message})`);
  }
  if (isDatabaseUnavailable(err)) {
    log.error({ err: messageOf(err) }, "database unavailable");
    return problemOf("unavailable", "the database is unavailable; try again shortly");
  }
  if (typeof fastify.statusCode === "number" && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return problemOf("invalid_argument", fastify.message ?? "bad request");
  }
  const reference = randomUUID();
  log.error({ err, reference }, "unexpected error while serving a request");
  return problemOf("internal", `internal error (reference ${reference}); the server log has the details`);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
