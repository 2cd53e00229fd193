import type { Location } from "./ast.js";

export type CompileErrorCode =
  | "rego_parse_error"
  | "rego_compile_error"
  | "rego_unsafe_var_error"
  | "rego_recursion_error"
  | "rego_type_error";

export interface RegoErrorDetail {
  code: CompileErrorCode;
  message: string;
  location: Location | undefined;
}

export function formatErrorDetail(e: RegoErrorDetail): string {
  const where = e.location ? `${e.location.file}:${e.location.row}: ` : "";
  return `${where}${e.code}: ${e.message}`;
}

/** Raised by parseModule and compile: one or more parse or compile errors, each with a location. */
export class RegoCompileError extends Error {
  readonly errors: readonly RegoErrorDetail[];
  constructor(errors: readonly RegoErrorDetail[]) {
    const lines = errors.map(formatErrorDetail);
    super(errors.length === 1 ? lines[0] : `${errors.length} errors occurred:\n${lines.join("\n")}`);
    this.name = "RegoCompileError";
    this.errors = errors;
  }
  /** The code of the first error, e.g. "rego_parse_error". */
  get code(): CompileErrorCode {
    return this.errors[0]?.code ?? "rego_compile_error";
  }
}

export function compileError(
  code: CompileErrorCode,
  message: string,
  location: Location | undefined,
): RegoCompileError {
  return new RegoCompileError([{ code, message, location }]);
}
