// The compiler: parsed modules → a rule tree of CompiledRules with resolved names, frame slots,
// safe (reordered) bodies, and compile-time checks (conflicts, undefined functions, recursion).
import type { Body, Module, RefTerm, Rule, Term } from "../syntax/ast.js";
import type { RegoErrorDetail } from "../syntax/errors.js";
import { mkCall, parseModule, parseQuery, type RegoVersion } from "../syntax/parser.js";
import { AnnotationSet, literalTerm } from "./metadata.js";
import { raiseIfErrors, Resolver, type ResolveEnv, refParts, SlotAllocator } from "./resolve.js";
import { countOccurrences, logicBodies, SafetyChecker } from "./safety.js";
import { type CompiledQuery, type CompiledRule, newNode, type RuleKind, type RuleNode } from "./types.js";

export interface BuiltinInfo {
  /** Number of inputs, -1 for variadic, undefined when unknown. */
  arity(name: string, regoVersion: RegoVersion): number | undefined;
}

export interface SourceModule {
  name: string;
  source: string;
}

export interface CompileOptions {
  regoVersion?: RegoVersion | "auto";
}

export interface CompiledProgram {
  root: RuleNode;
  modules: Module[];
  /** User function arity by dotted data path. */
  functionArity: Map<string, number>;
}

const EVALUATOR_BUILTINS: Record<string, number> = {
  eq: 2,
  assign: 2,
  "internal.member_2": 2,
  "internal.member_3": 3,
  print: -1,
  "internal.print": 1,
  trace: 1,
};

export function builtinArityWith(
  info: BuiltinInfo,
  version: RegoVersion,
): (name: string) => number | undefined {
  return (name) => EVALUATOR_BUILTINS[name] ?? info.arity(name, version);
}

interface RuleShape {
  kind: RuleKind;
  path: string[];
  suffix: Term[];
}

function shapeOf(rule: Rule, pkg: string[]): RuleShape {
  const h = rule.head;
  const full: Term[] = [
    { type: "string", value: (h.ref[0] as { name: string }).name, loc: h.loc },
    ...h.ref.slice(1),
  ];
  let ground = 0;
  while (ground < full.length && full[ground].type === "string") ground++;
  const path = [...pkg, ...full.slice(0, ground).map((t) => (t as { value: string }).value)];
  const suffix = full.slice(ground);
  if (h.args) return { kind: "function", path, suffix };
  if (h.key) return { kind: "multi", path, suffix };
  if (suffix.length === 0) return { kind: "complete", path, suffix };
  return { kind: "object", path, suffix };
}

export function compileModules(
  sources: readonly SourceModule[],
  builtins: BuiltinInfo,
  options: CompileOptions = {},
): CompiledProgram {
  const modules: Module[] = [];
  const parseErrors: RegoErrorDetail[] = [];
  for (const m of sources) {
    try {
      modules.push(parseModule(m.source, m.name, { regoVersion: options.regoVersion ?? "v1" }));
    } catch (e) {
      if (e && typeof e === "object" && "errors" in e)
        parseErrors.push(...(e as { errors: RegoErrorDetail[] }).errors);
      else throw e;
    }
  }
  raiseIfErrors(parseErrors);

  const errors: RegoErrorDetail[] = [];
  const annotations = new AnnotationSet(modules, errors);
  const ruleNames = new Map<string, Set<string>>();
  const functionArity = new Map<string, number>();
  for (const m of modules) {
    const key = m.packagePath.join(".");
    const names = ruleNames.get(key) ?? new Set<string>();
    ruleNames.set(key, names);
    for (const r of m.rules) {
      names.add((r.head.ref[0] as { name: string }).name);
      const shape = shapeOf(r, m.packagePath);
      if (shape.kind === "function") {
        if (shape.suffix.length > 0)
          errors.push({
            code: "rego_parse_error",
            message: "function name must be a ground reference",
            location: r.loc,
          });
        const fkey = shape.path.join(".");
        const prev = functionArity.get(fkey);
        const arity = r.head.args?.length ?? 0;
        if (prev !== undefined && prev !== arity) {
          errors.push({
            code: "rego_type_error",
            message: `conflicting rules data.${fkey} found`,
            location: r.loc,
          });
        }
        functionArity.set(fkey, arity);
      }
    }
  }

  const root = newNode([]);
  for (const m of modules) ensureNode(root, m.packagePath);
  for (const m of modules) {
    const imports = new Map<string, RefTerm>();
    for (const imp of m.imports) {
      const parts = refParts(imp.path) ?? [];
      if (parts[0] === "future" || parts[0] === "rego") continue;
      const alias = imp.alias ?? parts[parts.length - 1];
      if (imports.has(alias) && m.regoVersion === "v1") {
        errors.push({
          code: "rego_compile_error",
          message: `import must not shadow import ${alias}`,
          location: imp.loc,
        });
      }
      imports.set(alias, imp.path);
    }
    const arity = builtinArityWith(builtins, m.regoVersion);
    const env: ResolveEnv = {
      packagePath: m.packagePath,
      ruleNames: ruleNames.get(m.packagePath.join(".")) ?? new Set(),
      imports,
      functionArity,
      builtinArity: arity,
      errors,
    };
    for (const r of m.rules) {
      const compiled = compileRule(r, m, env, arity, annotations);
      insertRule(root, compiled, errors);
    }
  }
  raiseIfErrors(errors);
  checkRecursion(root, errors);
  raiseIfErrors(errors);
  return { root, modules, functionArity };
}

function compileRule(
  r: Rule,
  m: Module,
  env: ResolveEnv,
  arity: (n: string) => number | undefined,
  annotations: AnnotationSet,
): CompiledRule {
  const shape = shapeOf(r, m.packagePath);
  env.metadata = metadataOf(r, m, annotations);
  const errorsBefore = env.errors.length;
  const slots = new SlotAllocator();
  const resolver = new Resolver(env);
  const scope = resolver.newScope(slots);
  // Arguments that are not patterns (refs, calls, template strings) become a fresh variable compared in the body.
  const ruleBody = r.body.slice();
  const rawArgs = r.head.args?.map((a, i) => {
    if (isPattern(a)) return a;
    const v: Term = { type: "var", name: `__arg${i}__`, loc: a.loc };
    ruleBody.push({ kind: "term", term: mkCall("eq", [v, a], a.loc), negated: false, with: [], loc: a.loc });
    return v;
  });
  const args = rawArgs?.map((a) => {
    resolver.declarePattern(a, scope, false, r.loc);
    return resolver.resolveTerm(a, scope);
  });
  const body0 = resolver.resolveBody(ruleBody, scope);
  const suffix = shape.suffix.map((t) => resolver.resolveTerm(t, scope));
  const key = r.head.key ? resolver.resolveTerm(r.head.key, scope) : undefined;
  const value = r.head.value ? resolver.resolveTerm(r.head.value, scope) : undefined;

  const occurrences = new Map<number, number>();
  countOccurrences(body0, occurrences);
  for (const t of [...(args ?? []), ...suffix, ...(key ? [key] : []), ...(value ? [value] : [])])
    countOccurrences(t, occurrences);
  // after a resolution error (e.g. an undefined function) safety errors would only be noise
  const resolvedCleanly = env.errors.length === errorsBefore;
  const checker = new SafetyChecker({
    occurrences,
    slotNames: slots.names,
    arityOf: (c) => callArity(c, env, arity),
    errors: resolvedCleanly ? env.errors : [],
  });
  const bound = new Set<number>();
  if (args) for (const a of args) collectVarSlots(a, bound);
  const body = checker.reorder(body0, bound);
  const headTerms = [...suffix, ...(key ? [key] : []), ...(value ? [value] : [])];
  if (env.errors.length === errorsBefore) checker.checkHead(headTerms, bound, r.head.loc);
  const reorderedHead = (t: Term | undefined) => (t ? checker.reorderTerm(t, bound) : undefined);
  const elseRule = r.elseRule ? compileRule(r.elseRule, m, env, arity, annotations) : undefined;
  return {
    kind: shape.kind,
    path: shape.path,
    suffix,
    key: reorderedHead(key),
    value: reorderedHead(value),
    args,
    body,
    nslots: slots.names.length,
    elseRule,
    isDefault: r.isDefault,
    loc: r.loc,
  };
}

/** The rule's rego.metadata.* values as literal terms, built when a call first needs them. */
function metadataOf(r: Rule, m: Module, annotations: AnnotationSet): NonNullable<ResolveEnv["metadata"]> {
  const cache = new Map<"chain" | "rule", Term>();
  return (call) => {
    let t = cache.get(call);
    if (t === undefined) {
      const value = call === "chain" ? annotations.chainValue(r, m) : annotations.ruleValue(r);
      t = literalTerm(value, r.loc);
      cache.set(call, t);
    }
    return t;
  };
}

function isPattern(t: Term): boolean {
  switch (t.type) {
    case "var":
    case "null":
    case "boolean":
    case "number":
    case "string":
      return true;
    case "array":
      return t.items.every(isPattern);
    case "object":
      return t.entries.every(([k, v]) => isPattern(k) && isPattern(v));
    default:
      return false;
  }
}

function callArity(
  c: Term & { type: "call" },
  env: ResolveEnv,
  arity: (n: string) => number | undefined,
): number | undefined {
  if (c.target?.kind === "function") return env.functionArity.get(c.target.path.join("."));
  if (c.target?.kind === "builtin") return arity(c.target.name);
  return undefined;
}

function collectVarSlots(t: Term, into: Set<number>): void {
  const m = new Map<number, number>();
  countOccurrences(t, m);
  for (const s of m.keys()) into.add(s);
}

/** The node at `path`, created (with its ancestors) when missing; packages are always defined. */
function ensureNode(root: RuleNode, path: string[]): RuleNode {
  let node = root;
  for (const seg of path) {
    let child = node.children.get(seg);
    if (!child) {
      child = newNode([...node.path, seg]);
      node.children.set(seg, child);
    }
    node = child;
  }
  return node;
}

function insertRule(root: RuleNode, rule: CompiledRule, errors: RegoErrorDetail[]): void {
  const node = ensureNode(root, rule.path);
  const where = `data.${rule.path.join(".")}`;
  if (rule.isDefault) {
    if (node.defaultRule) {
      errors.push({
        code: "rego_type_error",
        message: `multiple default rules ${where} found`,
        location: rule.loc,
      });
    }
    node.defaultRule = rule;
  } else node.rules.push(rule);
  const all = node.defaultRule ? [...node.rules, node.defaultRule] : node.rules;
  const isFn = all.map((r) => r.kind === "function");
  if (isFn.includes(true) && isFn.includes(false)) {
    errors.push({ code: "rego_type_error", message: `conflicting rules ${where} found`, location: rule.loc });
  }
  if (rule.kind === "function") node.arity = rule.args?.length ?? 0;
  const kinds = new Set(node.rules.filter((r) => r.suffix.length === 0).map((r) => r.kind));
  if (kinds.has("multi") && kinds.has("complete")) {
    errors.push({ code: "rego_type_error", message: `conflicting rules ${where} found`, location: rule.loc });
  }
}

// ---- recursion ----

function checkRecursion(root: RuleNode, errors: RegoErrorDetail[]): void {
  const deps = new Map<RuleNode, Set<RuleNode>>();
  const nodes: RuleNode[] = [];
  const collect = (n: RuleNode) => {
    if (n.rules.length > 0 || n.defaultRule) nodes.push(n);
    for (const c of n.children.values()) collect(c);
  };
  collect(root);
  for (const n of nodes) {
    const out = new Set<RuleNode>();
    const defs = n.defaultRule ? [...n.rules, n.defaultRule] : n.rules;
    for (let r of defs) {
      for (let cur: CompiledRule | undefined = r; cur; cur = cur.elseRule) {
        r = cur;
        visitDataRefs(
          [r.body, ...(r.value ? [r.value] : []), ...(r.key ? [r.key] : []), ...r.suffix],
          (path) => {
            for (const d of nodesForPath(root, path)) out.add(d);
          },
        );
      }
    }
    deps.set(n, out);
  }
  const state = new Map<RuleNode, number>();
  const stack: RuleNode[] = [];
  const reported = new Set<RuleNode>();
  const visit = (n: RuleNode): void => {
    state.set(n, 1);
    stack.push(n);
    for (const d of deps.get(n) ?? []) {
      const s = state.get(d);
      if (s === 1) {
        if (!reported.has(d)) {
          reported.add(d);
          const cycle = stack.slice(stack.indexOf(d)).map((x) => `data.${x.path.join(".")}`);
          const first = (d.rules[0] ?? d.defaultRule) as CompiledRule;
          errors.push({
            code: "rego_recursion_error",
            message: `rule data.${d.path.join(".")} is recursive: ${[...cycle, cycle[0]].join(" -> ")}`,
            location: first.loc,
          });
        }
      } else if (s === undefined) visit(d);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of nodes) if (!state.has(n)) visit(n);
}

/** Rule nodes a data path may read: the deepest node on the path, or every rule node below it. */
function nodesForPath(root: RuleNode, path: string[]): RuleNode[] {
  let node = root;
  for (const seg of path) {
    if (node.rules.length > 0 || node.defaultRule) return [node];
    const c = node.children.get(seg);
    if (!c) return [];
    node = c;
  }
  const out: RuleNode[] = [];
  const all = (n: RuleNode) => {
    if (n.rules.length > 0 || n.defaultRule) out.push(n);
    for (const c of n.children.values()) all(c);
  };
  all(node);
  return out;
}

function visitDataRefs(nodes: (Term | Body)[], f: (path: string[]) => void): void {
  const visitTerm = (t: Term): void => {
    switch (t.type) {
      case "ref": {
        const h = t.terms[0];
        if (h.type === "var" && h.name === "data" && h.slot === undefined) {
          const path: string[] = [];
          for (let i = 1; i < t.terms.length; i++) {
            const k = t.terms[i];
            if (k.type === "string") path.push(k.value);
            else if (k.type === "number") path.push(k.text);
            else break;
          }
          // a dynamic key right after `data` (data[x]) is resolved at run time; the evaluator guards cycles
          if (path.length > 0 || t.terms.length === 1) f(path);
          for (let i = 1; i < t.terms.length; i++) visitTerm(t.terms[i]);
          return;
        }
        for (const x of t.terms) visitTerm(x);
        return;
      }
      case "var":
        if (t.name === "data" && t.slot === undefined) f([]);
        return;
      case "array":
      case "set":
        for (const x of t.items) visitTerm(x);
        return;
      case "object":
        for (const [k, v] of t.entries) {
          visitTerm(k);
          visitTerm(v);
        }
        return;
      case "arraycomp":
      case "setcomp":
        visitTerm(t.term);
        visitBody(t.body);
        return;
      case "objectcomp":
        visitTerm(t.key);
        visitTerm(t.value);
        visitBody(t.body);
        return;
      case "call":
        if (t.target?.kind === "function") f(t.target.path);
        for (const a of t.args) visitTerm(a);
        return;
      case "template":
        for (const p of t.parts) if (typeof p !== "string") visitTerm(p);
        return;
      default:
        return;
    }
  };
  const visitBody = (b: Body): void => {
    for (const e of b) {
      for (const w of e.with) visitTerm(w.value);
      if (e.kind === "term") visitTerm(e.term);
      else if (e.kind === "logic") for (const b of logicBodies(e.node)) visitBody(b);
      else if (e.kind === "every") {
        visitTerm(e.domain);
        visitBody(e.body);
      }
    }
  };
  for (const n of nodes) {
    if (Array.isArray(n)) visitBody(n);
    else visitTerm(n);
  }
}

// ---- queries ----

export function compileQuery(program: CompiledProgram, source: string, builtins: BuiltinInfo): CompiledQuery {
  const parsed = parseQuery(source);
  const errors: RegoErrorDetail[] = [];
  const arity = builtinArityWith(builtins, "v1");
  const env: ResolveEnv = {
    packagePath: [],
    ruleNames: new Set(),
    imports: new Map(),
    functionArity: program.functionArity,
    builtinArity: arity,
    errors,
  };
  const slots = new SlotAllocator();
  const resolver = new Resolver(env);
  const scope = resolver.newScope(slots);
  const body0 = resolver.resolveBody(parsed, scope);
  raiseIfErrors(errors);
  const occurrences = new Map<number, number>();
  countOccurrences(body0, occurrences);
  const outputs: { name: string; slot: number }[] = [];
  const topLevel = topLevelSlots(body0);
  for (const [i, name] of slots.names.entries()) {
    if (name !== "_" && topLevel.has(i)) outputs.push({ name, slot: i });
  }
  const checker = new SafetyChecker({
    occurrences,
    slotNames: slots.names,
    arityOf: (c) => callArity(c, env, arity),
    errors,
  });
  const body = checker.reorder(body0, new Set());
  raiseIfErrors(errors);
  const seen = new Set<string>();
  const uniqueOutputs = outputs.filter((o) => !seen.has(o.name) && seen.add(o.name));
  return {
    body,
    nslots: slots.names.length,
    outputs: uniqueOutputs,
  };
}

/** Slots used by a query outside comprehension and `every` bodies (its result variables). */
function topLevelSlots(body: Body): Set<number> {
  const out = new Set<number>();
  const visit = (t: Term): void => {
    switch (t.type) {
      case "var":
        if (t.slot !== undefined) out.add(t.slot);
        return;
      case "ref":
        for (const x of t.terms) visit(x);
        return;
      case "array":
      case "set":
        for (const x of t.items) visit(x);
        return;
      case "object":
        for (const [k, v] of t.entries) {
          visit(k);
          visit(v);
        }
        return;
      case "call":
        for (const a of t.args) visit(a);
        return;
      default:
        return;
    }
  };
  for (const e of body) {
    if (e.kind === "term") visit(e.term);
    else if (e.kind === "some") for (const v of e.vars) visit(v);
  }
  return out;
}

/** Finds the rule-tree node at a path, if any rules live there or below. */
export function findNode(root: RuleNode, path: string[]): RuleNode | undefined {
  let node: RuleNode | undefined = root;
  for (const seg of path) {
    node = node.children.get(seg);
    if (!node) return undefined;
  }
  return node;
}
