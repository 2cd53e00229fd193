// Name resolution: imports and package-relative rule names become `data` refs, local variables are
// renamed per scope (`:=`, `some`, function arguments, comprehension and `every` bodies) and given frame
// slots, and call operators are resolved to builtins or user functions.
import type {
  Body,
  CallTerm,
  Expr,
  Location,
  LogicNode,
  RefTerm,
  Term,
  VarTerm,
  WithModifier,
} from "../syntax/ast.js";
import { type CompileErrorCode, RegoCompileError, type RegoErrorDetail } from "../syntax/errors.js";
import { mkCall } from "../syntax/parser.js";

/** Frame-slot allocation for one rule body (or query). */
export class SlotAllocator {
  readonly names: string[] = [];
  alloc(name: string): number {
    this.names.push(name);
    return this.names.length - 1;
  }
}

class Scope {
  readonly vars = new Map<string, number>();
  /** Names first seen as free variables (used before any declaration) in this scope. */
  readonly usedFree = new Set<string>();
  constructor(
    readonly slots: SlotAllocator,
    readonly parent: Scope | undefined,
  ) {}
  lookup(name: string): number | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }
}

export interface ResolveEnv {
  /** Package path of the module (empty for queries). */
  packagePath: string[];
  /** Names of rules defined in the package (first head segment). */
  ruleNames: Set<string>;
  /** Import aliases → ref terms. */
  imports: Map<string, RefTerm>;
  /** Function arity by data path ("a.b.f") — user functions. */
  functionArity: Map<string, number>;
  builtinArity(name: string): number | undefined;
  errors: RegoErrorDetail[];
  /** The value of `rego.metadata.chain()` / `rego.metadata.rule()` in the rule being resolved. */
  metadata?: (call: "chain" | "rule") => Term;
}

export class Resolver {
  constructor(private readonly env: ResolveEnv) {}

  private error(code: CompileErrorCode, message: string, loc: Location): void {
    this.env.errors.push({ code, message, location: loc });
  }

  newScope(slots: SlotAllocator): ScopeHandle {
    return new Scope(slots, undefined);
  }

  /** Declares every variable of a pattern (function args, `some x in`, `:=` targets) in the scope. */
  declarePattern(t: Term, scope: ScopeHandle, assign: boolean, loc: Location): void {
    const s = scope as Scope;
    forEachPatternVar(t, (v) => {
      if (v.name === "_") return;
      if (assign && s.vars.has(v.name)) {
        const how = s.usedFree.has(v.name) ? "referenced" : "assigned";
        this.error("rego_compile_error", `var ${v.name} ${how} above`, loc);
      }
      if (assign && (v.name === "input" || v.name === "data")) {
        this.error(
          "rego_compile_error",
          `variables must not shadow ${v.name} (use a different variable name)`,
          loc,
        );
      }
      s.vars.set(v.name, s.slots.alloc(v.name));
    });
  }

  resolveBody(body: Body, scope: ScopeHandle): Body {
    this.declareFreeVars(body, scope as Scope);
    return body.map((e) => this.resolveExpr(e, scope as Scope));
  }

  /**
   * Free variables used at this body's own level belong to this body, so nested comprehensions and
   * `every` bodies see them as closures; free variables that only occur in a nested body stay local to it.
   */
  private declareFreeVars(body: Body, scope: Scope): void {
    const declared = new Set<string>();
    for (const e of body) {
      if (e.kind === "some") for (const v of e.vars) declared.add(v.name);
      else if (e.kind === "term") {
        for (const d of e.declared ?? []) forEachPatternVar(d, (v) => declared.add(v.name));
        if (e.term.type === "call" && opName(e.term) === "assign")
          forEachPatternVar(e.term.args[0], (v) => declared.add(v.name));
      }
    }
    const add = (name: string) => {
      if (name === "_" || declared.has(name) || scope.lookup(name) !== undefined) return;
      if (this.env.ruleNames.has(name) || this.env.imports.has(name) || name === "input" || name === "data")
        return;
      scope.vars.set(name, scope.slots.alloc(name));
    };
    for (const e of body) {
      for (const w of e.with) {
        const parts = refParts(w.value);
        if (!parts || !this.namesFunction(parts)) forEachLevelVar(w.value, add);
      }
      if (e.kind === "term") {
        if (e.term.type === "call" && !e.declared && opName(e.term) === "assign")
          forEachLevelVar(e.term.args[1], add);
        else forEachLevelVar(e.term, add);
      } else if (e.kind === "every") forEachLevelVar(e.domain, add);
    }
  }

  private resolveExpr(e: Expr, scope: Scope): Expr {
    const withs = e.with.map((w) => this.resolveWith(w, scope));
    if (e.kind === "some") {
      const vars: VarTerm[] = [];
      for (const v of e.vars) {
        const slot = scope.slots.alloc(v.name);
        scope.vars.set(v.name, slot);
        vars.push({ ...v, slot });
      }
      return { ...e, vars, with: withs };
    }
    if (e.kind === "logic") {
      return { ...e, node: this.resolveLogic(e.node, scope), with: withs };
    }
    if (e.kind === "every") {
      const domain = this.resolveTerm(e.domain, scope);
      const inner = new Scope(scope.slots, scope);
      if (e.key) this.declarePattern(e.key, inner, false, e.loc);
      this.declarePattern(e.value, inner, false, e.loc);
      const key = e.key ? this.resolveTerm(e.key, inner) : undefined;
      const value = this.resolveTerm(e.value, inner);
      const body = this.resolveBody(e.body, inner);
      return { ...e, key, value, domain, body, with: withs };
    }
    const t = e.term;
    if (e.declared && t.type === "call") {
      const domain = this.resolveTerm(t.args[t.args.length - 1], scope);
      for (const d of e.declared) this.declarePattern(d, scope, false, e.loc);
      const pats = t.args.slice(0, -1).map((a) => this.resolveTerm(a, scope));
      const call: CallTerm = {
        ...t,
        args: [...pats, domain],
        target: { kind: "builtin", name: opName(t) ?? "" },
      };
      return { ...e, term: call, with: withs };
    }
    if (t.type === "call" && opName(t) === "assign" && !e.negated) {
      const rhs = this.resolveTerm(t.args[1], scope);
      const lhs0 = t.args[0];
      if (!isAssignable(lhs0)) {
        this.error("rego_compile_error", `cannot assign to ${lhs0.type}`, e.loc);
      }
      this.declarePattern(lhs0, scope, true, e.loc);
      const lhs = this.resolveTerm(lhs0, scope);
      return {
        ...e,
        term: { ...t, args: [lhs, rhs], target: { kind: "builtin", name: "assign" } },
        with: withs,
      };
    }
    return { ...e, term: this.resolveTerm(t, scope), with: withs };
  }

  private resolveLogic(node: LogicNode, scope: Scope): LogicNode {
    if (node.op === "body")
      return { op: "body", body: this.resolveBody(node.body, new Scope(scope.slots, scope)) };
    return {
      op: node.op,
      left: this.resolveLogic(node.left, scope),
      right: this.resolveLogic(node.right, scope),
    };
  }

  private resolveWith(w: WithModifier, scope: Scope): WithModifier {
    const target = w.target;
    const headName =
      target.type === "var"
        ? target.name
        : target.type === "ref" && target.terms[0].type === "var"
          ? target.terms[0].name
          : "";
    const targetParts = refParts(target);
    const mocksFunction =
      headName === "data" &&
      targetParts !== undefined &&
      this.env.functionArity.has(targetParts.slice(1).join("."));
    if ((headName === "input" || headName === "data") && !mocksFunction)
      return { ...w, value: this.resolveTerm(w.value, scope) };
    // function or builtin mock: the target (and a value naming a function) resolve as call operators
    const resolvedTarget = this.resolveCallTarget(
      { type: "call", op: target, args: [], loc: w.loc },
      scope,
      true,
    );
    const parts = refParts(w.value);
    if (parts && scope.lookup(parts[0]) === undefined && this.namesFunction(parts)) {
      const fn = this.resolveCallTarget({ type: "call", op: w.value, args: [], loc: w.loc }, scope, true);
      return { ...w, target: resolvedTarget, value: { ...fn, fnRef: true } };
    }
    return { ...w, value: this.resolveTerm(w.value, scope), target: resolvedTarget };
  }

  private namesFunction(parts: string[]): boolean {
    const head = parts[0];
    if (head === "data") return this.env.functionArity.has(parts.slice(1).join("."));
    if (this.env.ruleNames.has(head))
      return this.env.functionArity.has([...this.env.packagePath, ...parts].join("."));
    if (this.env.imports.has(head)) {
      const imp = refParts(this.env.imports.get(head) as Term) ?? [];
      return imp[0] === "data" && this.env.functionArity.has([...imp.slice(1), ...parts.slice(1)].join("."));
    }
    return this.env.builtinArity(parts.join(".")) !== undefined;
  }

  resolveTerm(t: Term, scope: ScopeHandle): Term {
    const s = scope as Scope;
    switch (t.type) {
      case "var":
        return this.resolveVar(t, s);
      case "ref": {
        const head = t.terms[0];
        const rest = t.terms.slice(1).map((k) => this.resolveTerm(k, s));
        if (head.type === "var") {
          const h = this.resolveVar(head, s);
          if (h.type === "ref") return { type: "ref", terms: [...h.terms, ...rest], loc: t.loc };
          return { type: "ref", terms: [h, ...rest], loc: t.loc };
        }
        return { type: "ref", terms: [this.resolveTerm(head, s), ...rest], loc: t.loc };
      }
      case "array":
      case "set":
        return { ...t, items: t.items.map((i) => this.resolveTerm(i, s)) };
      case "object":
        return {
          ...t,
          entries: t.entries.map(([k, v]): [Term, Term] => [this.resolveTerm(k, s), this.resolveTerm(v, s)]),
        };
      case "arraycomp":
      case "setcomp": {
        const inner = new Scope(s.slots, s);
        const body = this.resolveBody(t.body, inner);
        return { ...t, body, term: this.resolveTerm(t.term, inner) };
      }
      case "objectcomp": {
        const inner = new Scope(s.slots, s);
        const body = this.resolveBody(t.body, inner);
        return { ...t, body, key: this.resolveTerm(t.key, inner), value: this.resolveTerm(t.value, inner) };
      }
      case "call": {
        const metadata = this.metadataCall(t, s);
        return metadata ?? this.resolveCallTarget(t, s, false);
      }
      case "template":
        return { ...t, parts: t.parts.map((p) => (typeof p === "string" ? p : this.resolveTerm(p, s))) };
      default:
        return t;
    }
  }

  private resolveVar(v: VarTerm, scope: Scope): Term {
    if (v.name === "_") return { ...v, slot: scope.slots.alloc("_") };
    const local = scope.lookup(v.name);
    if (local !== undefined) return { ...v, slot: local };
    if (this.env.ruleNames.has(v.name)) return dataRef([...this.env.packagePath, v.name], v.loc);
    const imp = this.env.imports.get(v.name);
    if (imp) return { type: "ref", terms: imp.terms.map((x) => ({ ...x, loc: v.loc })), loc: v.loc };
    if (v.name === "input" || v.name === "data") return v;
    const slot = scope.slots.alloc(v.name);
    scope.vars.set(v.name, slot);
    scope.usedFree.add(v.name);
    return { ...v, slot };
  }

  /** rego.metadata.chain() and rego.metadata.rule() become their value in the current rule. */
  private metadataCall(t: CallTerm, scope: Scope): Term | undefined {
    const name = refParts(t.op)?.join(".");
    if (!this.env.metadata || (name !== "rego.metadata.chain" && name !== "rego.metadata.rule"))
      return undefined;
    if (scope.lookup("rego") !== undefined || this.env.ruleNames.has("rego") || t.args.length > 1)
      return undefined;
    const value = this.env.metadata(name === "rego.metadata.chain" ? "chain" : "rule");
    // the relation form, rego.metadata.chain(x), unifies x with the value
    return t.args.length === 0 ? value : this.resolveTerm(mkCall("eq", [t.args[0]!, value], t.loc), scope);
  }

  private resolveCallTarget(t: CallTerm, scope: Scope, forWith: boolean): CallTerm {
    const args = t.args.map((a) => this.resolveTerm(a, scope));
    const parts = refParts(t.op);
    if (!parts) {
      this.error("rego_type_error", "illegal call operator", t.loc);
      return { ...t, args };
    }
    let path: string[] | undefined;
    const head = parts[0];
    if (head === "data") path = parts.slice(1);
    else if (scope.lookup(head) === undefined && this.env.ruleNames.has(head))
      path = [...this.env.packagePath, ...parts];
    else if (this.env.imports.has(head)) {
      const imp = refParts(this.env.imports.get(head) as Term) ?? [];
      if (imp[0] === "data") path = [...imp.slice(1), ...parts.slice(1)];
    }
    if (path) {
      const arity = this.env.functionArity.get(path.join("."));
      if (arity === undefined && !forWith) {
        this.error("rego_type_error", `undefined function data.${path.join(".")}`, t.loc);
      } else if (arity !== undefined && args.length !== arity && args.length !== arity + 1 && !forWith) {
        this.error(
          "rego_type_error",
          `function data.${path.join(".")} has arity ${arity}, got ${args.length} arguments`,
          t.loc,
        );
      }
      return { ...t, args, target: { kind: "function", path } };
    }
    const name = parts.join(".");
    const arity = this.env.builtinArity(name);
    if (arity === undefined) {
      this.error("rego_type_error", `undefined function ${name}`, t.loc);
    } else if (!forWith && args.length !== arity && args.length !== arity + 1 && arity >= 0) {
      const msg = args.length < arity ? "too few arguments" : "too many arguments";
      this.error("rego_type_error", `${name}: arity mismatch: ${msg}`, t.loc);
    }
    return { ...t, args, target: { kind: "builtin", name } };
  }
}

export type ScopeHandle = object;

export function dataRef(path: string[], loc: Location): RefTerm {
  return {
    type: "ref",
    terms: [
      { type: "var", name: "data", loc },
      ...path.map((p): Term => ({ type: "string", value: p, loc })),
    ],
    loc,
  };
}

/** `a.b.c` → ["a","b","c"] when every key is a string; undefined otherwise. */
export function refParts(t: Term): string[] | undefined {
  if (t.type === "var") return [t.name];
  if (t.type !== "ref" || t.terms[0].type !== "var") return undefined;
  const out = [t.terms[0].name];
  for (let i = 1; i < t.terms.length; i++) {
    const k = t.terms[i];
    if (k.type !== "string") return undefined;
    out.push(k.value);
  }
  return out;
}

export function opName(t: CallTerm): string | undefined {
  return refParts(t.op)?.join(".");
}

export function forEachPatternVar(t: Term, f: (v: VarTerm) => void): void {
  switch (t.type) {
    case "var":
      f(t);
      return;
    case "array":
    case "set":
      for (const i of t.items) forEachPatternVar(i, f);
      return;
    case "object":
      for (const [, v] of t.entries) forEachPatternVar(v, f);
      return;
    default:
      return;
  }
}

/** Variable names in a term outside nested comprehension bodies (call operators excluded). */
function forEachLevelVar(t: Term, f: (name: string) => void): void {
  switch (t.type) {
    case "var":
      f(t.name);
      return;
    case "ref":
      for (const x of t.terms) forEachLevelVar(x, f);
      return;
    case "array":
    case "set":
      for (const x of t.items) forEachLevelVar(x, f);
      return;
    case "object":
      for (const [k, v] of t.entries) {
        forEachLevelVar(k, f);
        forEachLevelVar(v, f);
      }
      return;
    case "call":
      for (const a of t.args) forEachLevelVar(a, f);
      return;
    case "template":
      for (const p of t.parts) if (typeof p !== "string") forEachLevelVar(p, f);
      return;
    default:
      return;
  }
}

function isAssignable(t: Term): boolean {
  if (t.type === "var") return true;
  if (t.type === "array")
    return t.items.every(isAssignable) || t.items.every((i) => i.type !== "ref" && i.type !== "call");
  if (t.type === "object") return t.entries.every(([, v]) => v.type !== "ref" && v.type !== "call");
  return false;
}

export function raiseIfErrors(errors: RegoErrorDetail[]): void {
  if (errors.length > 0) throw new RegoCompileError(errors);
}
