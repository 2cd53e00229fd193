import type { Location } from "../syntax/ast.js";

export type EvalErrorCode =
  | "eval_conflict_error"
  | "eval_type_error"
  | "eval_builtin_error"
  | "eval_cancel_error"
  | "eval_internal_error";

/** An error raised while evaluating a query, formatted like OPA's `file:row: code: message`. */
export class RegoEvalError extends Error {
  constructor(
    readonly code: EvalErrorCode,
    readonly detail: string,
    readonly location: Location | undefined,
  ) {
    super(`${location ? `${location.file}:${location.row}: ` : ""}${code}: ${detail}`);
    this.name = "RegoEvalError";
  }
}

/** Evaluation stopped by its budget: `timeoutMs` or `maxSteps` exceeded. */
export class RegoEvalLimitError extends RegoEvalError {
  constructor(
    readonly limit: "timeout" | "steps" | "depth",
    detail: string,
  ) {
    super("eval_cancel_error", detail, undefined);
    this.name = "RegoEvalLimitError";
  }
}

export const CONFLICT_COMPLETE = "complete rules must not produce multiple outputs";
export const CONFLICT_FUNCTION = "functions must not produce multiple outputs for same inputs";
export const CONFLICT_OBJECT = "object keys must be unique";
