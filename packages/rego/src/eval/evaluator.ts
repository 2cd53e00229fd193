// Top-down evaluator in continuation-passing style. Every step takes a continuation that returns true
// to halt the whole search (used by negation, `every` and early exits). Variables live in per-rule
// frames (arrays indexed by slot); a binding is undone when its continuation returns.
import { BuiltinError, type BuiltinContext, type BuiltinDef, lookupBuiltin } from "../builtins/registry.js";
import { findNode } from "../compiler/index.js";
import { refParts } from "../compiler/resolve.js";
import type { CompiledProgram } from "../compiler/index.js";
import type { CompiledQuery, CompiledRule, RuleNode } from "../compiler/types.js";
import type { Body, CallTerm, EveryExpr, Expr, Location, LogicNode, RefTerm, Term } from "../syntax/ast.js";
import {
  formatValue,
  fromJSON,
  RegoNumber,
  RegoObject,
  RegoSet,
  type Value,
  valuesEqual,
} from "../value/index.js";
import { insertAt, isArrayOrObject, lookup, mergeValues, pathLookup, setPath } from "./documents.js";
import {
  CONFLICT_COMPLETE,
  CONFLICT_FUNCTION,
  CONFLICT_OBJECT,
  RegoEvalError,
  RegoEvalLimitError,
} from "./errors.js";

export type K = () => boolean;
export type VK = (v: Value) => boolean;
type Frame = (Value | undefined)[];

const UNDEF = Symbol("undefined");
type Cached = Value | typeof UNDEF;

export interface EvalLimits {
  maxSteps: number;
  deadline: number;
}

export interface EvalOptions {
  strict: boolean;
  limits: EvalLimits;
  print?: (line: string) => void;
}

type Mock = { kind: "value"; value: Value } | { kind: "function"; term: CallTerm };

interface WithState {
  input: Value | undefined;
  rawInput: unknown;
  data: Value;
  overrides: { path: string[]; value: Value }[];
  mocks: Map<string, Mock>;
  cache: Map<RuleNode, Cached>;
  fnCache: Map<string, Cached>;
  /** This state without its mocks, made when a mock's replacement first runs. */
  unmocked?: WithState;
}

const constCache = new WeakMap<Term, Value>();
/** Arity of each call's target (-1: variadic or unknown); fixed once the program is compiled. */
const arityCache = new WeakMap<CallTerm, number>();

/** The value of a literal scalar term (cached per term). */
function scalarValue(t: Term): Value {
  let v = constCache.get(t);
  if (v === undefined) {
    switch (t.type) {
      case "null":
        v = null;
        break;
      case "boolean":
        v = t.value;
        break;
      case "number":
        v = RegoNumber.fromText(t.text);
        break;
      case "string":
        v = t.value;
        break;
      default:
        throw new Error("not a scalar");
    }
    constCache.set(t, v);
  }
  return v;
}

function isScalar(t: Term): boolean {
  return t.type === "null" || t.type === "boolean" || t.type === "number" || t.type === "string";
}

const NOT_LITERAL = Symbol("not a literal");
const literalCache = new WeakMap<Term, Value | typeof NOT_LITERAL>();

/**
 * The value of a term built only from literals (cached per term), or undefined. Evaluating such a
 * term at once keeps a long constant table (say, a policy's list of cases) from nesting one
 * continuation per element, which would exhaust the stack.
 */
function literalValue(t: Term): Value | undefined {
  let v = literalCache.get(t);
  if (v === undefined) {
    v = buildLiteral(t) ?? NOT_LITERAL;
    literalCache.set(t, v);
  }
  return v === NOT_LITERAL ? undefined : v;
}

function buildLiteral(t: Term): Value | undefined {
  if (isScalar(t)) return scalarValue(t);
  if (t.type === "array" || t.type === "set") {
    const items: Value[] = [];
    for (const x of t.items) {
      const v = literalValue(x);
      if (v === undefined) return undefined;
      items.push(v);
    }
    return t.type === "array" ? items : RegoSet.from(items);
  }
  if (t.type === "object") {
    const entries: [Value, Value][] = [];
    for (const [kt, vt] of t.entries) {
      const k = literalValue(kt);
      const v = literalValue(vt);
      if (k === undefined || v === undefined) return undefined;
      entries.push([k, v]);
    }
    return RegoObject.fromEntries(entries);
  }
  return undefined;
}

const NO_RAW = Symbol("no raw input");

export class Evaluation implements BuiltinContext {
  readonly strict: boolean;
  readonly cache = new Map<string, unknown>();
  private steps = 0;
  private readonly maxSteps: number;
  readonly deadline: number;
  private now: bigint | undefined;
  private st: WithState;
  private readonly inProgress = new Set<RuleNode>();
  readonly builtinErrors: RegoEvalError[] = [];
  private readonly printHook: ((line: string) => void) | undefined;

  constructor(
    private readonly program: CompiledProgram,
    input: { raw: unknown } | { value: Value } | undefined,
    data: Value,
    options: EvalOptions,
  ) {
    this.strict = options.strict;
    this.maxSteps = options.limits.maxSteps;
    this.deadline = options.limits.deadline;
    this.printHook = options.print;
    this.st = {
      input: input && "value" in input ? input.value : undefined,
      rawInput: input && "raw" in input ? input.raw : NO_RAW,
      data,
      overrides: [],
      mocks: new Map(),
      cache: new Map(),
      fnCache: new Map(),
    };
  }

  /** The wall-clock time in nanoseconds, fixed for the whole query (OPA's time.now_ns semantics). */
  nowNs(): bigint {
    if (this.now === undefined) this.now = BigInt(Date.now()) * 1000000n;
    return this.now;
  }

  charge(steps: number): void {
    this.steps += Math.max(0, steps - 1);
    this.tick();
  }

  private tick(): void {
    const s = ++this.steps;
    if (s > this.maxSteps)
      throw new RegoEvalLimitError("steps", `evaluation exceeded the step budget (${this.maxSteps} steps)`);
    if ((s & 1023) === 0 && Date.now() > this.deadline)
      throw new RegoEvalLimitError("timeout", "evaluation exceeded its time budget");
  }

  private inputValue(): Value | undefined {
    const st = this.st;
    if (st.input === undefined && st.rawInput !== NO_RAW && st.rawInput !== undefined)
      st.input = fromJSON(st.rawInput);
    return st.input;
  }

  // ---- bodies and expressions ----

  evalBody(body: Body, i: number, f: Frame, k: K): boolean {
    if (i === body.length) return k();
    return this.evalExpr(body[i], f, () => this.evalBody(body, i + 1, f, k));
  }

  evalExpr(e: Expr, f: Frame, k: K): boolean {
    this.tick();
    if (e.with.length > 0) return this.evalWith(e, f, k);
    if (e.negated) {
      let found = false;
      this.evalExprPositive(e, f, () => {
        found = true;
        return true;
      });
      return found ? false : k();
    }
    return this.evalExprPositive(e, f, k);
  }

  private evalExprPositive(e: Expr, f: Frame, k: K): boolean {
    switch (e.kind) {
      case "some":
        return k();
      case "every":
        return this.evalEvery(e, f, k);
      case "logic":
        return this.checkLogic(e.node, f) ? k() : false;
      default: {
        const t = e.term;
        if (t.type === "call") return this.evalCallExpr(t, f, k);
        return this.evalTerm(t, f, (v) => (v === false ? false : k()));
      }
    }
  }

  /** True when a logical expression holds; operands succeed at most once and bind nothing outside. */
  private checkLogic(node: LogicNode, f: Frame): boolean {
    if (node.op === "body") return this.hasSolution(node.body, f);
    if (node.op === "and") return this.checkLogic(node.left, f) && this.checkLogic(node.right, f);
    return this.checkLogic(node.left, f) || this.checkLogic(node.right, f);
  }

  private hasSolution(body: Body, f: Frame): boolean {
    let found = false;
    this.evalBody(body, 0, f, () => {
      found = true;
      return true;
    });
    return found;
  }

  private evalEvery(e: EveryExpr, f: Frame, k: K): boolean {
    let ok = false;
    this.evalTerm(e.domain, f, (dom) => {
      if (!Array.isArray(dom) && !(dom instanceof RegoObject) && !(dom instanceof RegoSet)) return true;
      ok = true;
      this.forEachEntry(dom, (key, val) => {
        let found = false;
        const body = () =>
          this.evalBody(e.body, 0, f, () => {
            found = true;
            return true;
          });
        const run = () => this.unify(e.value, val, f, body);
        if (e.key) this.unify(e.key, key, f, run);
        else run();
        if (!found) ok = false;
        return !found;
      });
      return true;
    });
    return ok ? k() : false;
  }

  private evalWith(e: Expr, f: Frame, k: K): boolean {
    const outer = this.st;
    const inner: WithState = {
      ...outer,
      overrides: outer.overrides.slice(),
      mocks: new Map(outer.mocks),
      cache: new Map(),
      fnCache: new Map(),
      unmocked: undefined,
    };
    for (const w of e.with) {
      let value: Value | undefined;
      const mockFn = w.value.type === "call" && w.value.fnRef ? w.value : undefined;
      if (!mockFn) {
        this.evalTerm(w.value, f, (v) => {
          value = v;
          return true;
        });
        if (value === undefined) return false;
      }
      const target = w.target;
      if (target.type === "call") {
        const key = mockKey(target);
        inner.mocks.set(
          key,
          mockFn ? { kind: "function", term: mockFn } : { kind: "value", value: value as Value },
        );
        continue;
      }
      const parts = refTermKeys(target, f, this);
      if (!parts) return false;
      const [head, ...path] = parts;
      if (head === "input") {
        inner.input = path.length === 0 ? value : setPath(this.withInputBase(inner), path, value as Value);
        inner.rawInput = NO_RAW;
      } else {
        inner.data = setPath(inner.data, path.map(String), value as Value);
        inner.overrides.push({ path: path.map(String), value: value as Value });
      }
    }
    this.st = inner;
    try {
      const plain: Expr = { ...e, with: [] };
      return this.evalExpr(plain, f, () => {
        this.st = outer;
        try {
          return k();
        } finally {
          this.st = inner;
        }
      });
    } finally {
      this.st = outer;
    }
  }

  private withInputBase(st: WithState): Value {
    if (st.input === undefined && st.rawInput !== NO_RAW && st.rawInput !== undefined)
      return fromJSON(st.rawInput);
    return st.input ?? RegoObject.fromEntries([]);
  }

  // ---- calls ----

  private evalCallExpr(t: CallTerm, f: Frame, k: K): boolean {
    const target = t.target;
    if (target?.kind === "builtin") {
      switch (target.name) {
        case "eq":
        case "assign":
          return this.unifyTerms(t.args[0], t.args[1], f, k);
        case "internal.member_2":
          if (t.args.length === 2) {
            if (this.isGround(t.args[0], f)) {
              return this.evalArgs(t.args, 0, 2, [], f, ([x, coll]) =>
                this.isMember(x, coll) ? k() : false,
              );
            }
            return this.evalTerm(t.args[1], f, (coll) =>
              this.forEachEntry(coll, (_key, val) => this.unify(t.args[0], val, f, k)),
            );
          }
          break;
        case "internal.member_3":
          if (t.args.length === 3) {
            return this.evalTerm(t.args[2], f, (coll) =>
              this.forEachEntry(coll, (key, val) =>
                isArrayOrObject(coll)
                  ? this.unify(t.args[0], key, f, () => this.unify(t.args[1], val, f, k))
                  : false,
              ),
            );
          }
          break;
        case "print":
        case "internal.print":
          this.doPrint(t, f);
          return k();
        default:
      }
    }
    const arity = this.arityOf(t);
    if (arity !== undefined && t.args.length === arity + 1) {
      const out = t.args[arity];
      return this.evalArgs(t.args, 0, arity, [], f, (args) =>
        this.invoke(t, args, (v) => this.unify(out, v, f, k)),
      );
    }
    return this.evalArgs(t.args, 0, t.args.length, [], f, (args) =>
      this.invoke(t, args, (v) => (v === false ? false : k())),
    );
  }

  private arityOf(t: CallTerm): number | undefined {
    let a = arityCache.get(t);
    if (a === undefined) {
      a = this.lookupArity(t) ?? -1;
      arityCache.set(t, a);
    }
    return a < 0 ? undefined : a;
  }

  private lookupArity(t: CallTerm): number | undefined {
    const target = t.target;
    if (!target) return undefined;
    if (target.kind === "function") return findNode(this.program.root, target.path)?.arity;
    if (target.name === "internal.member_2") return 2;
    if (target.name === "internal.member_3") return 3;
    const def = lookupBuiltin(target.name);
    return def && def.arity >= 0 ? def.arity : undefined;
  }

  private evalArgs(
    args: Term[],
    i: number,
    n: number,
    acc: Value[],
    f: Frame,
    k: (vals: Value[]) => boolean,
  ): boolean {
    if (i === 0 && n > 1) {
      for (let j = 0; j < n; j++) if (!this.canEval(args[j], f)) return this.evalArgsAnyOrder(args, n, f, k);
    }
    if (i === n) return k(acc.slice());
    return this.evalTerm(args[i], f, (v) => {
      acc.push(v);
      const r = this.evalArgs(args, i + 1, n, acc, f, k);
      acc.pop();
      return r;
    });
  }

  /** Evaluates arguments whose variables are bound by refs in other arguments (`x == a[x]`) last. */
  private evalArgsAnyOrder(args: Term[], n: number, f: Frame, k: (vals: Value[]) => boolean): boolean {
    const vals: Value[] = new Array(n);
    const done: boolean[] = new Array(n).fill(false);
    const step = (count: number): boolean => {
      if (count === n) return k(vals.slice());
      let j = 0;
      while (j < n && (done[j] || !this.canEval(args[j], f))) j++;
      if (j === n) throw new RegoEvalError("eval_internal_error", "unsafe call arguments", args[0].loc);
      done[j] = true;
      try {
        return this.evalTerm(args[j], f, (v) => {
          vals[j] = v;
          return step(count + 1);
        });
      } finally {
        done[j] = false;
      }
    };
    return step(0);
  }

  /** Calls a builtin or function with evaluated arguments; relation builtins yield each output. */
  private invoke(t: CallTerm, args: Value[], vk: VK): boolean {
    const target = t.target;
    if (!target) throw new RegoEvalError("eval_internal_error", "unresolved call", t.loc);
    if (this.st.mocks.size > 0) {
      const mock = this.st.mocks.get(
        target.kind === "builtin" ? `b:${target.name}` : `f:${target.path.join(".")}`,
      );
      if (mock) {
        if (mock.kind === "value") return vk(mock.value);
        // As in OPA, no mock applies inside the replacement: it may call what it replaces, and
        // a mock it reaches through other mocked calls does not apply either.
        const mocked = this.st;
        const unmocked = this.unmockedState(mocked);
        this.st = unmocked;
        try {
          return this.invoke({ ...t, target: mock.term.target }, args, (v) => {
            this.st = mocked;
            try {
              return vk(v);
            } finally {
              this.st = unmocked;
            }
          });
        } finally {
          this.st = mocked;
        }
      }
    }
    if (target.kind === "function") {
      const v = this.callFunction(target.path, args);
      return v === undefined ? false : vk(v);
    }
    switch (target.name) {
      case "internal.member_2":
        return vk(this.isMember(args[0], args[1]));
      case "internal.member_3":
        return vk(this.isMember3(args[0], args[1], args[2]));
      case "print":
      case "internal.print":
        return vk(true);
      case "trace":
        return vk(true);
      default:
    }
    const def = lookupBuiltin(target.name);
    if (!def) throw new RegoEvalError("eval_internal_error", `unknown builtin ${target.name}`, t.loc);
    const out = this.callBuiltin(def, args, t.loc);
    if (out === undefined) return false;
    if (def.relation) {
      for (const v of out as Value[]) if (vk(v)) return true;
      return false;
    }
    return vk(out);
  }

  /** The state a mock's replacement runs in: same documents, no mocks, caches of its own. */
  private unmockedState(st: WithState): WithState {
    st.unmocked ??= { ...st, mocks: new Map(), cache: new Map(), fnCache: new Map(), unmocked: undefined };
    return st.unmocked;
  }

  private callBuiltin(def: BuiltinDef, args: Value[], loc: Location): Value | undefined {
    try {
      return def.impl(args, this);
    } catch (e) {
      if (e instanceof BuiltinError) {
        const err = new RegoEvalError(e.code, `${def.name}: ${e.message}`, loc);
        if (this.strict) throw err;
        this.builtinErrors.push(err);
        return undefined;
      }
      if (e instanceof RegoEvalError || e instanceof RangeError) throw e;
      // a defect in a builtin must not escape as a raw exception
      throw new RegoEvalError(
        "eval_internal_error",
        `${def.name}: ${e instanceof Error ? e.message : String(e)}`,
        loc,
      );
    }
  }

  private isMember(x: Value, coll: Value): boolean {
    if (coll instanceof RegoSet) return coll.has(x);
    let found = false;
    this.forEachEntry(coll, (_k, v) => (found = valuesEqual(v, x)));
    return found;
  }

  private isMember3(key: Value, val: Value, coll: Value): boolean {
    if (!isArrayOrObject(coll)) return false;
    const v = lookup(coll, key);
    return v !== undefined && valuesEqual(v, val);
  }

  private doPrint(t: CallTerm, f: Frame): void {
    const parts: string[] = [];
    for (const a of t.args) {
      const vals: string[] = [];
      try {
        this.evalTerm(a, f, (v) => {
          vals.push(typeof v === "string" ? v : formatValue(v));
          return false;
        });
      } catch (e) {
        if (!(e instanceof RegoEvalError) || e instanceof RegoEvalLimitError) throw e;
      }
      parts.push(vals.length === 0 ? "<undefined>" : vals.length === 1 ? vals[0] : `{${vals.join(", ")}}`);
    }
    const line = parts.join(" ");
    if (this.printHook) this.printHook(line);
    else process.stderr.write(`${line}\n`);
  }

  callFunction(path: string[], args: Value[]): Value | undefined {
    const node = findNode(this.program.root, path);
    if (!node) return undefined;
    const key = `${path.join(".")}(${args.map(formatValue).join(",")})`;
    const cached = this.st.fnCache.get(key);
    if (cached !== undefined) return cached === UNDEF ? undefined : cached;
    let result: Value | undefined;
    for (const rule of node.rules) {
      const v = this.evalFunctionRule(rule, args);
      if (v === undefined) continue;
      if (result === undefined) result = v;
      else if (!valuesEqual(result, v))
        throw new RegoEvalError("eval_conflict_error", CONFLICT_FUNCTION, rule.loc);
    }
    if (result === undefined && node.defaultRule) result = this.evalFunctionRule(node.defaultRule, args);
    this.st.fnCache.set(key, result === undefined ? UNDEF : result);
    return result;
  }

  private evalFunctionRule(rule: CompiledRule, args: Value[]): Value | undefined {
    const f: Frame = new Array(rule.nslots);
    let result: Value | undefined;
    const params = rule.args ?? [];
    const bindArgs = (i: number): boolean => {
      if (i === params.length) {
        return this.evalBody(rule.body, 0, f, () =>
          this.evalTerm(rule.value as Term, f, (v) => {
            if (result === undefined) result = v;
            else if (!valuesEqual(result, v))
              throw new RegoEvalError("eval_conflict_error", CONFLICT_FUNCTION, rule.loc);
            return false;
          }),
        );
      }
      return this.unify(params[i], args[i], f, () => bindArgs(i + 1));
    };
    bindArgs(0);
    if (result === undefined && rule.elseRule) return this.evalFunctionRule(rule.elseRule, args);
    return result;
  }

  // ---- terms ----

  evalTerm(t: Term, f: Frame, vk: VK): boolean {
    switch (t.type) {
      case "null":
      case "boolean":
      case "number":
      case "string":
        return vk(scalarValue(t));
      case "var": {
        if (t.slot !== undefined) {
          const v = f[t.slot];
          if (v === undefined)
            throw new RegoEvalError("eval_internal_error", `var ${t.name} is unbound`, t.loc);
          return vk(v);
        }
        if (t.name === "input") {
          const v = this.inputValue();
          return v === undefined ? false : vk(v);
        }
        if (t.name === "data") {
          const v = this.nodeValue(this.program.root, []);
          return v === undefined ? false : vk(v);
        }
        throw new RegoEvalError("eval_internal_error", `var ${t.name} is unbound`, t.loc);
      }
      case "ref":
        return this.evalRef(t, f, vk);
      case "array": {
        const literal = literalValue(t);
        if (literal !== undefined) return vk(literal);
        return this.evalArgs(t.items, 0, t.items.length, [], f, (vals) => vk(vals));
      }
      case "set": {
        const literal = literalValue(t);
        if (literal !== undefined) return vk(literal);
        return this.evalArgs(t.items, 0, t.items.length, [], f, (vals) => vk(RegoSet.of(...vals)));
      }
      case "object": {
        const literal = literalValue(t);
        if (literal !== undefined) return vk(literal);
        const terms: Term[] = [];
        for (const [kt, vt] of t.entries) terms.push(kt, vt);
        return this.evalArgs(terms, 0, terms.length, [], f, (vals) => {
          const entries: [Value, Value][] = [];
          for (let i = 0; i < vals.length; i += 2) entries.push([vals[i], vals[i + 1]]);
          return vk(RegoObject.fromEntries(entries));
        });
      }
      case "arraycomp": {
        const out: Value[] = [];
        this.evalBody(t.body, 0, f, () =>
          this.evalTerm(t.term, f, (v) => {
            out.push(v);
            return false;
          }),
        );
        return vk(out);
      }
      case "setcomp": {
        const out = RegoSet.of();
        this.evalBody(t.body, 0, f, () =>
          this.evalTerm(t.term, f, (v) => {
            out.add(v);
            return false;
          }),
        );
        return vk(out);
      }
      case "objectcomp": {
        const out = RegoObject.fromEntries([]);
        this.evalBody(t.body, 0, f, () =>
          this.evalTerm(t.key, f, (kv) =>
            this.evalTerm(t.value, f, (vv) => {
              const prev = out.get(kv);
              if (prev !== undefined && !valuesEqual(prev, vv))
                throw new RegoEvalError("eval_conflict_error", CONFLICT_OBJECT, t.loc);
              out.set(kv, vv);
              return false;
            }),
          ),
        );
        return vk(out);
      }
      case "call":
        return this.evalArgs(t.args, 0, t.args.length, [], f, (args) => this.invoke(t, args, vk));
      case "template":
        return vk(this.renderTemplate(t.parts, f, t.loc));
    }
  }

  /** `$"a {x} b"`: strings verbatim, other values in Rego syntax, undefined parts as <undefined>. */
  private renderTemplate(parts: (string | Term)[], f: Frame, loc: Location): string {
    let out = "";
    for (const p of parts) {
      if (typeof p === "string") {
        out += p;
        continue;
      }
      const values: Value[] = [];
      this.evalTerm(p, f, (v) => {
        // a part with `with` modifiers is compiled to a set comprehension of its values
        if (p.type === "setcomp" && p.ofTemplate) values.push(...(v as RegoSet));
        else if (!values.some((x) => valuesEqual(x, v))) values.push(v);
        return false;
      });
      if (values.length > 1)
        throw new RegoEvalError(
          "eval_conflict_error",
          "template-strings must not produce multiple outputs",
          loc,
        );
      const value = values[0];
      out += value === undefined ? "<undefined>" : typeof value === "string" ? value : formatValue(value);
    }
    return out;
  }

  /** True when `t` can be evaluated now (no unbound variable outside ref keys). */
  private canEval(t: Term, f: Frame): boolean {
    switch (t.type) {
      case "var":
        return t.slot === undefined || f[t.slot] !== undefined;
      case "ref": {
        const h = t.terms[0];
        return h.type === "var" ? h.slot === undefined || f[h.slot] !== undefined : this.canEval(h, f);
      }
      case "array":
      case "set":
        return t.items.every((x) => this.canEval(x, f));
      case "object":
        return t.entries.every(([a, b]) => this.canEval(a, f) && this.canEval(b, f));
      case "call":
        return t.args.every((x) => this.canEval(x, f));
      case "template":
        return t.parts.every((p) => typeof p === "string" || this.canEval(p, f));
      default:
        return true;
    }
  }

  /** True when `t` has no unbound variable at all (so evaluating it yields one value). */
  private isGround(t: Term, f: Frame): boolean {
    switch (t.type) {
      case "var":
        return t.slot === undefined || f[t.slot] !== undefined;
      case "ref":
        return t.terms.every((x) => this.isGround(x, f));
      case "array":
      case "set":
        return t.items.every((x) => this.isGround(x, f));
      case "object":
        return t.entries.every(([a, b]) => this.isGround(a, f) && this.isGround(b, f));
      case "call":
        return t.args.every((x) => this.isGround(x, f));
      case "template":
        return t.parts.every((p) => typeof p === "string" || this.isGround(p, f));
      default:
        return true;
    }
  }

  // ---- unification ----

  unify(t: Term, v: Value, f: Frame, k: K): boolean {
    const literal = t.type === "array" || t.type === "object" ? literalValue(t) : undefined;
    if (literal !== undefined) return valuesEqual(literal, v) ? k() : false;
    switch (t.type) {
      case "var": {
        if (t.slot === undefined) return this.evalTerm(t, f, (x) => valuesEqual(x, v) && k());
        const cur = f[t.slot];
        if (cur !== undefined) return valuesEqual(cur, v) ? k() : false;
        f[t.slot] = v;
        try {
          return k();
        } finally {
          f[t.slot] = undefined;
        }
      }
      case "array": {
        if (!Array.isArray(v) || v.length !== t.items.length) return false;
        const items = t.items;
        const step = (i: number): boolean =>
          i === items.length ? k() : this.unify(items[i], v[i], f, () => step(i + 1));
        return step(0);
      }
      case "object": {
        if (!(v instanceof RegoObject) || v.size !== t.entries.length) return false;
        const entries = t.entries;
        const step = (i: number): boolean => {
          if (i === entries.length) return k();
          return this.evalTerm(entries[i][0], f, (kv) => {
            const x = v.get(kv);
            return x === undefined ? false : this.unify(entries[i][1], x, f, () => step(i + 1));
          });
        };
        return step(0);
      }
      default:
        if (isScalar(t)) return valuesEqual(scalarValue(t), v) ? k() : false;
        return this.evalTerm(t, f, (x) => (valuesEqual(x, v) ? k() : false));
    }
  }

  unifyTerms(a: Term, b: Term, f: Frame, k: K): boolean {
    if (a.type === "array" && b.type === "array") {
      if (a.items.length !== b.items.length) return false;
      const step = (i: number): boolean =>
        i === a.items.length ? k() : this.unifyTerms(a.items[i], b.items[i], f, () => step(i + 1));
      return step(0);
    }
    if (a.type === "object" && b.type === "object" && !this.canEval(a, f) && !this.canEval(b, f)) {
      if (a.entries.length !== b.entries.length) return false;
      const step = (i: number): boolean => {
        if (i === a.entries.length) return k();
        const [ka, va] = a.entries[i];
        return this.evalTerm(ka, f, (kv) => {
          for (const [kb, vb] of b.entries) {
            let match = false;
            this.evalTerm(kb, f, (x) => (match = valuesEqual(x, kv)));
            if (match) return this.unifyTerms(va, vb, f, () => step(i + 1));
          }
          return false;
        });
      };
      return step(0);
    }
    if (this.canEval(b, f) && (!this.canEval(a, f) || a.type === "var"))
      return this.evalTerm(b, f, (v) => this.unify(a, v, f, k));
    if (this.canEval(a, f)) return this.evalTerm(a, f, (v) => this.unify(b, v, f, k));
    throw new RegoEvalError("eval_internal_error", "unsafe unification", a.loc);
  }

  // ---- references ----

  private evalRef(t: RefTerm, f: Frame, vk: VK): boolean {
    const head = t.terms[0];
    if (head.type === "var" && head.slot === undefined) {
      if (head.name === "data") return this.walkNode(this.program.root, [], t.terms, 1, f, vk);
      if (head.name === "input") {
        const st = this.st;
        if (st.input === undefined && st.rawInput !== NO_RAW) {
          return st.rawInput === undefined ? false : this.walkRaw(st.rawInput, t.terms, 1, f, vk);
        }
        return st.input === undefined ? false : this.walkValue(st.input, t.terms, 1, f, vk);
      }
    }
    return this.evalTerm(head, f, (v) => this.walkValue(v, t.terms, 1, f, vk));
  }

  /** Walks the ref keys terms[i..] through a value; `inData` lets `data.x[2]` find the key "2". */
  walkValue(v: Value, terms: Term[], i: number, f: Frame, vk: VK, inData = false): boolean {
    if (i === terms.length) return vk(v);
    const seg = terms[i];
    if (this.isGround(seg, f)) {
      return this.evalTerm(seg, f, (key) => {
        let child = lookup(v, key);
        if (child === undefined && inData && key instanceof RegoNumber && v instanceof RegoObject)
          child = v.get(key.toString());
        return child === undefined ? false : this.walkValue(child, terms, i + 1, f, vk, inData);
      });
    }
    return this.forEachEntry(v, (key, child) => {
      return this.unify(seg, key, f, () => this.walkValue(child, terms, i + 1, f, vk, inData));
    });
  }

  /** Walks plain JSON input without converting it, converting only what the ref reaches. */
  private walkRaw(x: unknown, terms: Term[], i: number, f: Frame, vk: VK): boolean {
    if (i === terms.length) return vk(fromJSON(x));
    if (x === null || typeof x !== "object") return false;
    const seg = terms[i];
    if (isScalar(seg) || (seg.type === "var" && seg.slot !== undefined && f[seg.slot] !== undefined)) {
      const key = seg.type === "var" ? (f[seg.slot as number] as Value) : scalarValue(seg);
      let child: unknown;
      if (Array.isArray(x)) {
        if (!(key instanceof RegoNumber) || !key.isInteger()) return false;
        child = x[key.toNumber()];
      } else {
        if (typeof key !== "string" || !Object.hasOwn(x, key)) return false;
        child = (x as Record<string, unknown>)[key];
      }
      return child === undefined ? false : this.walkRaw(child, terms, i + 1, f, vk);
    }
    if (seg.type === "var" && seg.slot !== undefined) {
      const slot = seg.slot;
      if (Array.isArray(x)) {
        for (let j = 0; j < x.length; j++) {
          this.tick();
          f[slot] = RegoNumber.fromInt(j);
          const r = this.walkRaw(x[j], terms, i + 1, f, vk);
          f[slot] = undefined;
          if (r) return true;
        }
        return false;
      }
      if (x instanceof Map || x instanceof Set) return this.walkValue(fromJSON(x), terms, i, f, vk);
      for (const key of Object.keys(x).sort()) {
        this.tick();
        f[slot] = key;
        const r = this.walkRaw((x as Record<string, unknown>)[key], terms, i + 1, f, vk);
        f[slot] = undefined;
        if (r) return true;
      }
      return false;
    }
    return this.walkValue(fromJSON(x), terms, i, f, vk);
  }

  private walkNode(
    node: RuleNode | undefined,
    path: string[],
    terms: Term[],
    i: number,
    f: Frame,
    vk: VK,
  ): boolean {
    if (this.st.overrides.length > 0) {
      const ov = this.overrideAt(path);
      if (ov !== undefined) return this.walkValue(ov, terms, i, f, vk);
    }
    if (node === undefined) {
      const base = pathLookup(this.st.data, path);
      return base === undefined ? false : this.walkValue(base, terms, i, f, vk, true);
    }
    if (node.rules.length > 0 || node.defaultRule) {
      const v = this.nodeValue(node, path);
      return v === undefined ? false : this.walkValue(v, terms, i, f, vk);
    }
    if (i === terms.length) {
      const v = this.nodeValue(node, path);
      return v === undefined ? false : vk(v);
    }
    const seg = terms[i];
    if (this.isGround(seg, f)) {
      return this.evalTerm(seg, f, (key) => {
        const ks = typeof key === "string" ? key : key instanceof RegoNumber ? key.toString() : undefined;
        if (ks === undefined) return false;
        return this.walkNode(node.children.get(ks), [...path, ks], terms, i + 1, f, vk);
      });
    }
    const v = this.nodeValue(node, path);
    return v === undefined ? false : this.walkValue(v, terms, i, f, vk);
  }

  private overrideAt(path: string[]): Value | undefined {
    let found: Value | undefined;
    for (const o of this.st.overrides) {
      if (o.path.length <= path.length && o.path.every((p, j) => p === path[j])) {
        found = pathLookup(o.value, path.slice(o.path.length));
      }
    }
    return found;
  }

  // ---- virtual documents ----

  /** The value of the document at a rule-tree node: rules, children and base data merged. */
  nodeValue(node: RuleNode, path: string[] = node.path): Value | undefined {
    const cache = this.st.cache;
    const c = cache.get(node);
    if (c !== undefined) return c === UNDEF ? undefined : c;
    if (this.inProgress.has(node)) {
      throw new RegoEvalError(
        "eval_internal_error",
        `rule data.${node.path.join(".")} is recursive`,
        node.rules[0]?.loc,
      );
    }
    this.inProgress.add(node);
    let v: Value | undefined;
    try {
      v = this.computeNode(node, path);
    } finally {
      this.inProgress.delete(node);
    }
    cache.set(node, v === undefined ? UNDEF : v);
    return v;
  }

  private computeNode(node: RuleNode, path: string[]): Value | undefined {
    if (node.arity !== undefined) return undefined;
    const complete = node.rules.filter((r) => r.kind === "complete");
    if (complete.length > 0 || (node.rules.length === 0 && node.defaultRule))
      return this.evalComplete(node, complete);
    const isSet =
      node.rules.length > 0 && node.rules.every((r) => r.kind === "multi" && r.suffix.length === 0);
    if (isSet) {
      const set = RegoSet.of();
      for (const r of node.rules) this.evalMultiInto(r, (v) => set.add(v));
      return set;
    }
    const base = pathLookup(this.st.data, path);
    const obj = RegoObject.fromEntries(base instanceof RegoObject ? [...base.entries()] : []);
    for (const r of node.rules) this.evalObjectInto(r, obj);
    for (const [key, child] of node.children) {
      const cv = this.overrideAt([...path, key]) ?? this.nodeValue(child, [...path, key]);
      if (cv === undefined) continue;
      const prev = obj.get(key);
      const loc = child.rules[0]?.loc;
      if (prev === undefined) obj.set(key, cv);
      else if (
        (prev instanceof RegoObject && cv instanceof RegoObject) ||
        (prev instanceof RegoSet && cv instanceof RegoSet)
      ) {
        obj.set(key, mergeValues(prev, cv, loc));
      } else if (!(base instanceof RegoObject && base.get(key) === prev) && !valuesEqual(prev, cv)) {
        // a rule's value clashes with another rule's; where base data and a rule overlap, the base document is kept
        throw new RegoEvalError("eval_conflict_error", CONFLICT_OBJECT, loc);
      }
    }
    return obj;
  }

  private evalComplete(node: RuleNode, rules: CompiledRule[]): Value | undefined {
    let result: Value | undefined;
    for (const r of rules) {
      const v = this.evalRuleValue(r);
      if (v === undefined) continue;
      if (result === undefined) result = v;
      else if (!valuesEqual(result, v))
        throw new RegoEvalError("eval_conflict_error", CONFLICT_COMPLETE, r.loc);
    }
    if (result === undefined && node.defaultRule) result = this.evalRuleValue(node.defaultRule);
    return result;
  }

  private evalRuleValue(rule: CompiledRule): Value | undefined {
    const f: Frame = new Array(rule.nslots);
    let result: Value | undefined;
    const valueTerm = rule.value as Term;
    const constant = isScalar(valueTerm);
    this.evalBody(rule.body, 0, f, () =>
      this.evalTerm(valueTerm, f, (v) => {
        if (result === undefined) result = v;
        else if (!valuesEqual(result, v))
          throw new RegoEvalError("eval_conflict_error", CONFLICT_COMPLETE, rule.loc);
        return constant;
      }),
    );
    if (result === undefined && rule.elseRule) return this.evalRuleValue(rule.elseRule);
    return result;
  }

  private evalMultiInto(rule: CompiledRule, add: (v: Value) => void): void {
    const f: Frame = new Array(rule.nslots);
    this.evalBody(rule.body, 0, f, () =>
      this.evalTerm(rule.key as Term, f, (v) => {
        add(v);
        return false;
      }),
    );
  }

  /** Inserts the entries a (ref-head) rule produces into the node's object. */
  private evalObjectInto(rule: CompiledRule, obj: RegoObject): void {
    const f: Frame = new Array(rule.nslots);
    const keys: Value[] = [];
    const leafTerm = (rule.kind === "multi" ? rule.key : rule.value) as Term;
    const step = (i: number): boolean => {
      if (i === rule.suffix.length) {
        return this.evalTerm(leafTerm, f, (leaf) => {
          insertAt(obj, keys, leaf, rule.kind === "multi", rule.loc);
          return false;
        });
      }
      return this.evalTerm(rule.suffix[i], f, (kv) => {
        keys.push(kv);
        const r = step(i + 1);
        keys.pop();
        return r;
      });
    };
    let produced = false;
    this.evalBody(rule.body, 0, f, () => {
      produced = true;
      return step(0);
    });
    if (!produced && rule.elseRule) this.evalObjectInto(rule.elseRule, obj);
  }

  // ---- collections ----

  /** Iterates a collection (each element is an evaluation step); stops when `fn` returns true. */
  forEachEntry(coll: Value, fn: (key: Value, value: Value) => boolean): boolean {
    if (Array.isArray(coll)) {
      for (let i = 0; i < coll.length; i++) {
        this.tick();
        if (fn(RegoNumber.fromInt(i), coll[i])) return true;
      }
      return false;
    }
    if (coll instanceof RegoObject) {
      for (const [k, v] of coll.entries()) {
        this.tick();
        if (fn(k, v)) return true;
      }
      return false;
    }
    if (coll instanceof RegoSet) {
      for (const v of coll.values()) {
        this.tick();
        if (fn(v, v)) return true;
      }
      return false;
    }
    return false;
  }

  /** Every solution of a compiled query: expression values and the bindings of its variables. */
  runQueryResults(q: CompiledQuery): { expressions: Value[]; bindings: Map<string, Value> }[] {
    const f: Frame = new Array(q.nslots);
    const body = q.body;
    const exprVals: Value[] = new Array(body.length);
    const results: { expressions: Value[]; bindings: Map<string, Value> }[] = [];
    const step = (i: number): boolean => {
      if (i === body.length) {
        const bindings = new Map<string, Value>();
        for (const o of q.outputs) {
          const v = f[o.slot];
          if (v !== undefined) bindings.set(o.name, v);
        }
        results.push({ expressions: exprVals.slice(), bindings });
        return false;
      }
      const e = body[i];
      if (e.kind === "term" && !e.negated && e.with.length === 0 && e.term.type !== "call") {
        // a query of one term reports its value, even false (like `opa eval data.x.allow`)
        this.tick();
        return this.evalTerm(e.term, f, (v) => {
          if (v === false && body.length > 1) return false;
          exprVals[i] = v;
          return step(i + 1);
        });
      }
      return this.evalExpr(e, f, () => {
        exprVals[i] = true;
        return step(i + 1);
      });
    };
    step(0);
    return results;
  }

  /** The first value of a term that needs no variables (e.g. a parsed input term). */
  groundValue(t: Term): Value {
    let out: Value | undefined;
    this.evalTerm(t, [], (v) => {
      out = v;
      return true;
    });
    if (out === undefined) throw new RegoEvalError("eval_internal_error", "term has no value", t.loc);
    return out;
  }
}

function mockKey(t: CallTerm): string {
  const target = t.target;
  if (!target) return "";
  return target.kind === "builtin" ? `b:${target.name}` : `f:${target.path.join(".")}`;
}

/** The keys of a `with` target ref (`input.a.b` → ["input","a","b"]), evaluating bracketed keys. */
function refTermKeys(t: Term, f: Frame, ev: Evaluation): (string | Value)[] | undefined {
  const parts = refParts(t);
  if (parts) return parts;
  if (t.type !== "ref" || t.terms[0].type !== "var") return undefined;
  const out: (string | Value)[] = [t.terms[0].name];
  for (let i = 1; i < t.terms.length; i++) {
    let v: Value | undefined;
    ev.evalTerm(t.terms[i], f, (x) => {
      v = x;
      return true;
    });
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}
