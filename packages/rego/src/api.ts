// Public API: compile modules once, evaluate queries many times (each evaluation has its own state).
import "./builtins/index.js";
import {
  type BuiltinInfo,
  type CompiledProgram,
  compileModules,
  compileQuery,
  type SourceModule,
} from "./compiler/index.js";
import type { CompiledQuery } from "./compiler/types.js";
import { lookupBuiltin } from "./builtins/registry.js";
import { Evaluation } from "./eval/evaluator.js";
import { type RegoEvalError, RegoEvalLimitError } from "./eval/errors.js";
import type { Location, Term } from "./syntax/ast.js";
import type { RegoVersion } from "./syntax/parser.js";
import { fromJSON, toJSON, type Value } from "./value/index.js";

export interface CompileOptions {
  /** Syntax of the modules: "v1" (default), "v0", or "auto" (v1, falling back to v0 unless the module imports rego.v1). */
  regoVersion?: RegoVersion | "auto";
  /** Default for evaluations: builtin errors raise instead of making the expression undefined. */
  strictBuiltinErrors?: boolean;
}

export interface EvalOptions {
  /** The input document as plain JSON (objects, arrays, strings, numbers, bigints, booleans, null). */
  input?: unknown;
  /** The input as an engine value (takes precedence over `input`), e.g. to pass sets. */
  inputValue?: Value;
  /** Base documents under `data`, as plain JSON. Converted once per distinct object and reused. */
  data?: unknown;
  /** Base documents as an engine value (takes precedence over `data`). */
  dataValue?: Value;
  /** Wall-clock budget in milliseconds (default 1000). */
  timeoutMs?: number;
  /** Evaluation step budget (default 10,000,000). */
  maxSteps?: number;
  strictBuiltinErrors?: boolean;
  /** Receives each `print(...)` line (default: standard error). */
  print?: (line: string) => void;
}

export interface ExpressionResult {
  value: unknown;
  text: string;
  location: { row: number; col: number };
}

export interface QueryResult {
  expressions: ExpressionResult[];
  bindings: Record<string, unknown>;
}

/** A result row with engine values, for callers that need exact values (sets, big numbers). */
export interface ValueResult {
  expressions: Value[];
  bindings: Map<string, Value>;
}

export interface EvalOutcome {
  results: ValueResult[];
  /** Builtin errors recorded in non-strict mode (each made its expression undefined). */
  builtinErrors: RegoEvalError[];
}

const DEFAULT_TIMEOUT_MS = 1000;
const DEFAULT_MAX_STEPS = 10_000_000;
const QUERY_CACHE_LIMIT = 256;

export const builtinInfo: BuiltinInfo = {
  arity(name, version) {
    const def = lookupBuiltin(name);
    if (!def || (def.deprecated && version === "v1")) return undefined;
    return def.arity;
  },
};

const dataCache = new WeakMap<object, Value>();
const EMPTY_DATA = fromJSON({});

function dataValueOf(data: unknown): Value {
  if (data === undefined) return EMPTY_DATA;
  if (data === null || typeof data !== "object") return fromJSON(data);
  let v = dataCache.get(data);
  if (v === undefined) {
    v = fromJSON(data);
    dataCache.set(data, v);
  }
  return v;
}

export class CompiledPolicy {
  private readonly queries = new Map<string, CompiledQuery>();

  constructor(
    readonly program: CompiledProgram,
    private readonly options: CompileOptions,
  ) {}

  /** Compiles (and caches) a query such as `data.pkg.allow` or `x := data.pkg.p[_]`. */
  prepare(query: string): CompiledQuery {
    let q = this.queries.get(query);
    if (!q) {
      q = compileQuery(this.program, query, builtinInfo);
      if (this.queries.size >= QUERY_CACHE_LIMIT)
        this.queries.delete(this.queries.keys().next().value as string);
      this.queries.set(query, q);
    }
    return q;
  }

  /** Evaluates a query; results as plain JSON, like OPA's REST API. */
  eval(query: string, options: EvalOptions = {}): QueryResult[] {
    const q = this.prepare(query);
    const { results } = this.run(q, options);
    return results.map((r) => {
      const bindings: Record<string, unknown> = {};
      for (const [k, v] of r.bindings) bindings[k] = toJSON(v);
      return {
        expressions: r.expressions.map((v, i) => ({
          value: toJSON(v),
          text: q.body[i]?.text ?? "",
          location: locOf(q.body[i]?.loc),
        })),
        bindings,
      };
    });
  }

  /** Evaluates a query and returns engine values plus recorded (non-strict) builtin errors. */
  evalValues(query: string, options: EvalOptions = {}): EvalOutcome {
    return this.run(this.prepare(query), options);
  }

  /** The JSON value of a document such as `data.jitsudo.eligibility.allow`, or undefined. */
  evalRule(path: string, input?: unknown, options: Omit<EvalOptions, "input"> = {}): unknown {
    const ref = path.startsWith("data") ? path : `data.${path.replaceAll("/", ".")}`;
    const q = this.prepare(ref);
    const { results } = this.run(q, { ...options, input });
    if (results.length === 0) return undefined;
    return toJSON(results[0].expressions[0]);
  }

  private run(q: CompiledQuery, options: EvalOptions): EvalOutcome {
    const strict = options.strictBuiltinErrors ?? this.options.strictBuiltinErrors ?? false;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const ev = new Evaluation(
      this.program,
      options.inputValue !== undefined
        ? { value: options.inputValue }
        : options.input !== undefined
          ? { raw: options.input }
          : undefined,
      options.dataValue ?? dataValueOf(options.data),
      {
        strict,
        limits: { maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS, deadline: Date.now() + timeoutMs },
        print: options.print,
      },
    );
    try {
      return { results: ev.runQueryResults(q), builtinErrors: ev.builtinErrors };
    } catch (e) {
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        throw new RegoEvalLimitError("depth", "evaluation exceeded the maximum nesting depth");
      }
      throw e;
    }
  }
}

function locOf(loc: Location | undefined): { row: number; col: number } {
  return { row: loc?.row ?? 0, col: loc?.col ?? 0 };
}

/** Compiles Rego modules into a policy; throws RegoCompileError with file:row locations. */
export function compile(modules: readonly SourceModule[], options: CompileOptions = {}): CompiledPolicy {
  return new CompiledPolicy(compileModules(modules, builtinInfo, options), options);
}

/** The value of a ground term (e.g. parsed with parseTerm), evaluated without any policy. */
export function termValue(term: Term): Value {
  const policy = emptyPolicy();
  return new Evaluation(policy.program, undefined, EMPTY_DATA, {
    strict: true,
    limits: { maxSteps: DEFAULT_MAX_STEPS, deadline: Date.now() + DEFAULT_TIMEOUT_MS },
  }).groundValue(term);
}

let empty: CompiledPolicy | undefined;
function emptyPolicy(): CompiledPolicy {
  empty ??= compile([]);
  return empty;
}
