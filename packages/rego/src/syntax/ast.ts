// The Rego abstract syntax tree produced by the parser and rewritten in place by the compiler.

export interface Location {
  file: string;
  row: number;
  col: number;
}

export type Term =
  | { type: "null"; loc: Location }
  | { type: "boolean"; value: boolean; loc: Location }
  | { type: "number"; text: string; loc: Location }
  | { type: "string"; value: string; loc: Location }
  | VarTerm
  | RefTerm
  | { type: "array"; items: Term[]; loc: Location }
  | { type: "set"; items: Term[]; loc: Location }
  | { type: "object"; entries: [Term, Term][]; loc: Location }
  | { type: "arraycomp"; term: Term; body: Body; loc: Location }
  /** `ofTemplate`: a template-string part with `with` modifiers, whose (single) element is the part's value. */
  | { type: "setcomp"; term: Term; body: Body; loc: Location; ofTemplate?: boolean }
  | { type: "objectcomp"; key: Term; value: Term; body: Body; loc: Location }
  | { type: "template"; parts: (string | Term)[]; loc: Location }
  | CallTerm;

export interface VarTerm {
  type: "var";
  name: string;
  loc: Location;
  /** Frame slot, assigned by the compiler for local variables. */
  slot?: number;
}

/** `head.a[b]...`; terms[0] is the head (a var, or any term such as a call or literal). */
export interface RefTerm {
  type: "ref";
  terms: Term[];
  loc: Location;
}

export interface CallTerm {
  type: "call";
  /** The operator as written: a var (`count`) or a ref (`object.get`, `data.pkg.f`). */
  op: Term;
  args: Term[];
  loc: Location;
  /** Resolved by the compiler: a builtin name or a `data` path of a user function. */
  target?: CallTarget;
  /** Set on the value of `with f as g` when g names a function or builtin (not a call). */
  fnRef?: boolean;
}

export type CallTarget = { kind: "builtin"; name: string } | { kind: "function"; path: string[] };

export type Body = Expr[];

export interface WithModifier {
  target: Term;
  value: Term;
  loc: Location;
}

export type Expr = TermExpr | SomeExpr | EveryExpr | LogicExpr;

/** `a and b`, `a or b` (future.keywords.and/or) and `not { ... }` blocks: each operand succeeds at most once. */
export interface LogicExpr extends ExprBase {
  kind: "logic";
  node: LogicNode;
}

export type LogicNode = { op: "and" | "or"; left: LogicNode; right: LogicNode } | { op: "body"; body: Body };

interface ExprBase {
  negated: boolean;
  with: WithModifier[];
  loc: Location;
  /** Source text, recorded for query expressions. */
  text?: string;
}

export interface TermExpr extends ExprBase {
  kind: "term";
  term: Term;
  /** For `some x in xs` / `some k, v in xs`: the patterns whose variables the expression declares. */
  declared?: Term[];
}

/** `some x, y` (declaration only); `some x in xs` is parsed to a TermExpr calling internal.member_2. */
export interface SomeExpr extends ExprBase {
  kind: "some";
  vars: VarTerm[];
}

export interface EveryExpr extends ExprBase {
  kind: "every";
  key: Term | undefined;
  value: Term;
  domain: Term;
  body: Body;
}

export interface RuleHead {
  /** Name path: terms[0] is a var with the first name, the rest are keys (strings or terms). */
  ref: Term[];
  args: Term[] | undefined;
  /** `p contains x` (or v0 `p[x] { }`): the element of a multi-value rule. */
  key: Term | undefined;
  value: Term | undefined;
  assign: boolean;
  loc: Location;
}

export interface Rule {
  head: RuleHead;
  body: Body;
  isDefault: boolean;
  elseRule: Rule | undefined;
  loc: Location;
  module: Module;
  /** True when the body was implied (`p := 1` or `default p := 1`). */
  impliedBody: boolean;
}

export interface Import {
  path: RefTerm;
  alias: string | undefined;
  loc: Location;
}

/** A `# METADATA` comment block and the statement it annotates (the first one below it). */
export interface MetadataBlock {
  /** The YAML text: the block's comment lines after the first, each without `#` and one space. */
  yaml: string;
  loc: Location;
  target: { kind: "package" } | { kind: "import" } | { kind: "rule"; rule: Rule } | undefined;
}

export interface Module {
  file: string;
  packagePath: string[];
  packageLoc: Location;
  imports: Import[];
  rules: Rule[];
  regoVersion: "v0" | "v1";
  metadata: MetadataBlock[];
}
