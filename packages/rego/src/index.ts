// @jitsudo/rego: a Rego policy engine with OPA's semantics.
export {
  builtinInfo,
  type CompileOptions,
  CompiledPolicy,
  compile,
  type EvalOptions,
  type EvalOutcome,
  type ExpressionResult,
  type QueryResult,
  termValue,
  type ValueResult,
} from "./api.js";
export { RegoEvalError, RegoEvalLimitError } from "./eval/errors.js";
export type { Location, Module, Term } from "./syntax/ast.js";
export { RegoCompileError, type RegoErrorDetail } from "./syntax/errors.js";
export { parseModule, parseQuery, parseTermText as parseTerm, type RegoVersion } from "./syntax/parser.js";
export * from "./value/index.js";

export const VERSION = "0.1.0";
