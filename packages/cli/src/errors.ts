/** Errors the CLI reports itself: a message for stderr, what to do next, and the exit code. */
import { EXIT } from "./exit-codes.js";

export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
    /** One line telling the user what to do next. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function usageError(message: string, hint?: string): CliError {
  return new CliError(message, EXIT.usage, hint);
}
