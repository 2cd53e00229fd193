// Safety analysis and body reordering: every variable must be bound by a positive expression before it
// is used as an input (builtin argument, negation, closure of a comprehension/every body, rule head).
// Expressions are reordered greedily (keeping the written order where possible) to make bodies safe.
import type { Body, Expr, Location, LogicNode, Term } from "../syntax/ast.js";
import type { RegoErrorDetail } from "../syntax/errors.js";

type Bound = Set<number>;

export interface SafetyEnv {
  /** Occurrence count of each slot over the whole rule (or query). */
  occurrences: Map<number, number>;
  slotNames: string[];
  arityOf(t: Term & { type: "call" }): number | undefined;
  errors: RegoErrorDetail[];
}

export function countOccurrences(node: Term | Body | Expr, into: Map<number, number>): void {
  walkSlots(node, (s) => into.set(s, (into.get(s) ?? 0) + 1));
}

function walkSlots(node: Term | Body | Expr, f: (slot: number) => void): void {
  if (Array.isArray(node)) {
    for (const e of node) walkSlots(e, f);
    return;
  }
  if ("kind" in node) {
    const e = node as Expr;
    for (const w of e.with) walkSlots(w.value, f);
    if (e.kind === "some") {
      for (const v of e.vars) if (v.slot !== undefined) f(v.slot);
    } else if (e.kind === "logic") {
      for (const b of logicBodies(e.node)) walkSlots(b, f);
    } else if (e.kind === "every") {
      if (e.key) walkSlots(e.key, f);
      walkSlots(e.value, f);
      walkSlots(e.domain, f);
      walkSlots(e.body, f);
    } else walkSlots(e.term, f);
    return;
  }
  const t = node as Term;
  switch (t.type) {
    case "var":
      if (t.slot !== undefined) f(t.slot);
      return;
    case "ref":
      for (const x of t.terms) walkSlots(x, f);
      return;
    case "array":
    case "set":
      for (const x of t.items) walkSlots(x, f);
      return;
    case "object":
      for (const [k, v] of t.entries) {
        walkSlots(k, f);
        walkSlots(v, f);
      }
      return;
    case "arraycomp":
    case "setcomp":
      walkSlots(t.term, f);
      walkSlots(t.body, f);
      return;
    case "objectcomp":
      walkSlots(t.key, f);
      walkSlots(t.value, f);
      walkSlots(t.body, f);
      return;
    case "call":
      for (const x of t.args) walkSlots(x, f);
      return;
    case "template":
      for (const p of t.parts) if (typeof p !== "string") walkSlots(p, f);
      return;
    default:
      return;
  }
}

function slotsOf(node: Term | Body | Expr): Map<number, number> {
  const m = new Map<number, number>();
  countOccurrences(node, m);
  return m;
}

export class SafetyChecker {
  constructor(private readonly env: SafetyEnv) {}

  /** Variables of a nested construct that also occur outside it (closure inputs). */
  private closureVars(node: Term | Body | Expr): number[] {
    const own = slotsOf(node);
    const out: number[] = [];
    for (const [s, n] of own) if ((this.env.occurrences.get(s) ?? 0) > n) out.push(s);
    return out;
  }

  /** Vars that must be bound to evaluate `t` to values (ref keys may bind, everything else needs). */
  private needs(t: Term, out: number[]): void {
    switch (t.type) {
      case "var":
        if (t.slot !== undefined) out.push(t.slot);
        return;
      case "ref": {
        const head = t.terms[0];
        if (head.type === "var") {
          if (head.slot !== undefined) out.push(head.slot);
        } else this.needs(head, out);
        for (let i = 1; i < t.terms.length; i++) this.patternNeeds(t.terms[i], out);
        return;
      }
      case "array":
      case "set":
        for (const x of t.items) this.needs(x, out);
        return;
      case "object":
        for (const [k, v] of t.entries) {
          this.needs(k, out);
          this.needs(v, out);
        }
        return;
      case "arraycomp":
      case "setcomp":
      case "objectcomp":
        out.push(...this.closureVars(t));
        return;
      case "call":
        for (const a of t.args) this.needs(a, out);
        return;
      case "template":
        for (const p of t.parts) if (typeof p !== "string") this.needs(p, out);
        return;
      default:
        return;
    }
  }

  /** Needs of a term used as a pattern (unified against a value): vars themselves are outputs. */
  private patternNeeds(t: Term, out: number[]): void {
    switch (t.type) {
      case "var":
        return;
      case "array":
        for (const x of t.items) this.patternNeeds(x, out);
        return;
      case "object":
        for (const [k, v] of t.entries) {
          this.needs(k, out);
          this.patternNeeds(v, out);
        }
        return;
      default:
        this.needs(t, out);
    }
  }

  /** Vars bound by evaluating `t` (ref keys) or by unifying it as a pattern. */
  private outputs(t: Term, out: number[]): void {
    switch (t.type) {
      case "var":
        if (t.slot !== undefined) out.push(t.slot);
        return;
      case "ref":
        for (const x of t.terms) this.outputs(x, out);
        return;
      case "array":
      case "set":
        for (const x of t.items) this.outputs(x, out);
        return;
      case "object":
        for (const [k, v] of t.entries) {
          this.outputs(k, out);
          this.outputs(v, out);
        }
        return;
      case "call":
        for (const a of t.args) this.outputs(a, out);
        return;
      default:
        return;
    }
  }

  /** True when `slot` is bound by iterating a ref key among `terms`. */
  private isRefKeyVar(slot: number, terms: Term[]): boolean {
    const keys: number[] = [];
    const visit = (t: Term): void => {
      if (t.type === "ref") {
        for (let i = 1; i < t.terms.length; i++) this.outputs(t.terms[i], keys);
        for (const x of t.terms) visit(x);
      } else if (t.type === "call") for (const a of t.args) visit(a);
      else if (t.type === "array" || t.type === "set") for (const x of t.items) visit(x);
    };
    for (const t of terms) visit(t);
    return keys.includes(slot);
  }

  private allBound(vars: number[], b: Bound): boolean {
    for (const v of vars) if (!b.has(v)) return false;
    return true;
  }

  private evaluable(t: Term, b: Bound): boolean {
    const n: number[] = [];
    this.needs(t, n);
    return this.allBound(n, b);
  }

  private patternOk(t: Term, b: Bound): boolean {
    const n: number[] = [];
    this.patternNeeds(t, n);
    return this.allBound(n, b);
  }

  /** New bindings of a unification `a = b`, or undefined if neither side can be evaluated yet. */
  private unifyOutputs(a: Term, b: Term, bound: Bound): number[] | undefined {
    if (this.evaluable(a, bound) && this.patternOk(b, bound)) {
      const o: number[] = [];
      this.outputs(a, o);
      this.outputs(b, o);
      return o;
    }
    if (this.evaluable(b, bound) && this.patternOk(a, bound)) {
      const o: number[] = [];
      this.outputs(a, o);
      this.outputs(b, o);
      return o;
    }
    if (a.type === "array" && b.type === "array" && a.items.length === b.items.length) {
      const local = new Set(bound);
      const all: number[] = [];
      let progress = true;
      const pending = a.items.map((x, i) => [x, b.items[i]] as const);
      while (pending.length > 0 && progress) {
        progress = false;
        for (let i = 0; i < pending.length; i++) {
          const o = this.unifyOutputs(pending[i][0], pending[i][1], local);
          if (o) {
            for (const v of o) local.add(v);
            all.push(...o);
            pending.splice(i, 1);
            progress = true;
            break;
          }
        }
      }
      return pending.length === 0 ? all : undefined;
    }
    if (a.type === "object" && b.type === "object" && a.entries.length === b.entries.length) {
      const o: number[] = [];
      for (const [k, v] of a.entries) {
        if (!this.evaluable(k, bound)) return undefined;
        const other = b.entries.find(([k2]) => this.evaluable(k2, bound) && sameConst(k, k2));
        if (!other) return undefined;
        const r = this.unifyOutputs(v, other[1], bound);
        if (!r) return undefined;
        o.push(...r);
      }
      return o;
    }
    return undefined;
  }

  /** The vars an expression binds if it can run with `bound`, else undefined. */
  private exprOutputs(e: Expr, bound: Bound): number[] | undefined {
    for (const w of e.with) if (!this.evaluable(w.value, bound)) return undefined;
    if (e.kind === "some") return [];
    if (e.kind === "logic") return this.allBound(this.closureVars(e), bound) ? [] : undefined;
    if (e.kind === "every") {
      if (!this.evaluable(e.domain, bound)) return undefined;
      const own: number[] = [];
      if (e.key) this.outputs(e.key, own);
      this.outputs(e.value, own);
      const closure = this.closureVars(e).filter((v) => !own.includes(v));
      return this.allBound(closure, bound) ? [] : undefined;
    }
    if (e.negated) {
      return this.allBound(this.closureVars(e), bound) ? [] : undefined;
    }
    const t = e.term;
    if (t.type === "call") {
      const name = t.target?.kind === "builtin" ? t.target.name : undefined;
      if (name === "eq" || name === "assign") return this.unifyOutputs(t.args[0], t.args[1], bound);
      if (name === "internal.member_2" || name === "internal.member_3") {
        const dom = t.args[t.args.length - 1];
        if (!this.evaluable(dom, bound)) return undefined;
        const o: number[] = [];
        for (const p of t.args.slice(0, -1)) {
          if (!this.patternOk(p, bound)) return undefined;
          this.outputs(p, o);
        }
        this.outputs(dom, o);
        return o;
      }
      const arity = this.env.arityOf(t);
      const o: number[] = [];
      const ins = arity !== undefined && t.args.length === arity + 1 ? t.args.slice(0, -1) : t.args;
      for (const a of ins) this.outputs(a, o);
      const withRefs = new Set([...bound, ...o.filter((v) => this.isRefKeyVar(v, ins))]);
      for (const a of ins) if (!this.evaluable(a, withRefs)) return undefined;
      if (ins.length < t.args.length) {
        const last = t.args[t.args.length - 1];
        if (!this.patternOk(last, bound)) return undefined;
        this.outputs(last, o);
      }
      return o;
    }
    if (!this.evaluable(t, bound)) return undefined;
    const o: number[] = [];
    this.outputs(t, o);
    return o;
  }

  /** Reorders `body` so it is safe given `bound` (which is updated with the body's bindings). */
  reorder(body: Body, bound: Bound): Body {
    const pending = body.slice();
    const out: Body = [];
    while (pending.length > 0) {
      let picked = -1;
      let outs: number[] | undefined;
      for (let i = 0; i < pending.length; i++) {
        outs = this.exprOutputs(pending[i], bound);
        if (outs) {
          picked = i;
          break;
        }
      }
      if (picked < 0) {
        this.reportUnsafe(pending, bound);
        return out.concat(pending);
      }
      const e = pending.splice(picked, 1)[0];
      out.push(this.reorderNested(e, bound));
      for (const v of outs as number[]) bound.add(v);
    }
    return out;
  }

  private reorderNested(e: Expr, bound: Bound): Expr {
    if (e.kind === "every") {
      const inner = new Set(bound);
      const pv: number[] = [];
      if (e.key) this.outputs(e.key, pv);
      this.outputs(e.value, pv);
      for (const v of pv) inner.add(v);
      return { ...e, body: this.reorder(e.body, inner), domain: this.reorderTerm(e.domain, bound) };
    }
    if (e.kind === "some") return e;
    if (e.kind === "logic") return { ...e, node: this.reorderLogic(e.node, bound) };
    return {
      ...e,
      term: this.reorderTerm(e.term, bound),
      with: e.with.map((w) => ({ ...w, value: this.reorderTerm(w.value, bound) })),
    };
  }

  private reorderLogic(node: LogicNode, bound: Bound): LogicNode {
    if (node.op === "body") return { op: "body", body: this.reorder(node.body, new Set(bound)) };
    return {
      op: node.op,
      left: this.reorderLogic(node.left, bound),
      right: this.reorderLogic(node.right, bound),
    };
  }

  /** Reorders comprehension bodies nested in a term. */
  reorderTerm(t: Term, bound: Bound): Term {
    switch (t.type) {
      case "arraycomp":
      case "setcomp": {
        const inner = new Set(bound);
        const body = this.reorder(t.body, inner);
        this.checkHead([t.term], inner, t.loc);
        return { ...t, body, term: this.reorderTerm(t.term, inner) };
      }
      case "objectcomp": {
        const inner = new Set(bound);
        const body = this.reorder(t.body, inner);
        this.checkHead([t.key, t.value], inner, t.loc);
        return { ...t, body };
      }
      case "ref":
        return { ...t, terms: t.terms.map((x) => this.reorderTerm(x, bound)) };
      case "array":
      case "set":
        return { ...t, items: t.items.map((x) => this.reorderTerm(x, bound)) };
      case "object":
        return {
          ...t,
          entries: t.entries.map(([k, v]): [Term, Term] => [
            this.reorderTerm(k, bound),
            this.reorderTerm(v, bound),
          ]),
        };
      case "call":
        return { ...t, args: t.args.map((x) => this.reorderTerm(x, bound)) };
      case "template":
        return { ...t, parts: t.parts.map((p) => (typeof p === "string" ? p : this.reorderTerm(p, bound))) };
      default:
        return t;
    }
  }

  /** Head terms (rule key/value, comprehension heads) must only use bound vars. */
  checkHead(terms: Term[], bound: Bound, loc: Location): void {
    for (const t of terms) {
      const n: number[] = [];
      this.needs(t, n);
      for (const v of n) {
        if (!bound.has(v)) {
          this.unsafe(v, loc);
          return;
        }
      }
    }
  }

  private reportUnsafe(pending: Body, bound: Bound): void {
    for (const e of pending) {
      const vars = [...slotsOf(e).keys()].filter((s) => !bound.has(s));
      if (vars.length > 0) {
        const names = [...new Set(vars.map((s) => this.env.slotNames[s]).filter((n) => n !== "_"))].sort();
        for (const name of names.length > 0 ? names : ["_"]) {
          this.env.errors.push({
            code: "rego_unsafe_var_error",
            message: `var ${name} is unsafe`,
            location: e.loc,
          });
        }
        return;
      }
    }
    this.env.errors.push({
      code: "rego_unsafe_var_error",
      message: "expression is unsafe",
      location: pending[0].loc,
    });
  }

  private unsafe(slot: number, loc: Location): void {
    this.env.errors.push({
      code: "rego_unsafe_var_error",
      message: `var ${this.env.slotNames[slot]} is unsafe`,
      location: loc,
    });
  }
}

export function logicBodies(node: LogicNode): Body[] {
  return node.op === "body" ? [node.body] : [...logicBodies(node.left), ...logicBodies(node.right)];
}

function sameConst(a: Term, b: Term): boolean {
  if (a.type === "string" && b.type === "string") return a.value === b.value;
  if (a.type === "number" && b.type === "number") return a.text === b.text;
  return false;
}
