// Recursive-descent parser for Rego v1 and v0 modules, query bodies and terms.
import type {
  Body,
  CallTerm,
  EveryExpr,
  Expr,
  Import,
  Location,
  LogicNode,
  Module,
  RefTerm,
  Rule,
  RuleHead,
  Term,
  VarTerm,
  WithModifier,
} from "./ast.js";
import { compileError, RegoCompileError } from "./errors.js";
import { type Comment, type Token, tokenize } from "./lexer.js";
import { metadataBlocks } from "./metadata.js";

export type RegoVersion = "v0" | "v1";

const ALWAYS_KEYWORDS = new Set([
  "package",
  "import",
  "default",
  "not",
  "with",
  "as",
  "some",
  "else",
  "true",
  "false",
  "null",
]);
const FUTURE_KEYWORDS = ["in", "every", "contains", "if"];
const REL_OPS: Record<string, string> = {
  "==": "equal",
  "!=": "neq",
  "<": "lt",
  "<=": "lte",
  ">": "gt",
  ">=": "gte",
};

export class Parser {
  private toks: Token[];
  private pos = 0;
  private readonly keywords = new Set(ALWAYS_KEYWORDS);
  /** Set while parsing a comprehension head, where `|` starts the body instead of a union. */
  private noOr = false;
  private readonly comments: Comment[] = [];

  constructor(
    private readonly src: string,
    private readonly file: string,
    private readonly version: RegoVersion,
  ) {
    this.toks = tokenize(src, file, this.comments);
    if (version === "v1") for (const k of FUTURE_KEYWORDS) this.keywords.add(k);
  }

  // ---- token helpers ----
  private get tok(): Token {
    return this.toks[this.pos];
  }
  private peek(k = 1): Token {
    return this.toks[Math.min(this.pos + k, this.toks.length - 1)];
  }
  private loc(t: Token = this.tok): Location {
    return { file: this.file, row: t.row, col: t.col };
  }
  private isPunct(text: string, t: Token = this.tok): boolean {
    return t.kind === "punct" && t.text === text;
  }
  private isKw(word: string, t: Token = this.tok): boolean {
    return t.kind === "ident" && t.text === word && this.isKeywordAt(t);
  }
  /** Keywords are plain names when a `.` follows directly (`not.foo := 1`) and `contains(` is the builtin. */
  private isKeywordAt(t: Token): boolean {
    if (!this.keywords.has(t.text)) return false;
    const i = this.toks.indexOf(t, this.pos);
    const next = i >= 0 ? this.toks[i + 1] : undefined;
    if (
      next &&
      next.kind === "punct" &&
      !next.ws &&
      (next.text === "." || (next.text === "(" && t.text === "contains"))
    )
      return false;
    return true;
  }
  private describe(t: Token): string {
    switch (t.kind) {
      case "eof":
        return "eof token";
      case "ident":
        return this.keywords.has(t.text) ? `${t.text} keyword` : "ident token";
      case "number":
        return "number token";
      case "string":
      case "rawstring":
        return "string token";
      default:
        return `${t.text} token`;
    }
  }
  private fail(msg: string, t: Token = this.tok): never {
    throw compileError("rego_parse_error", msg, this.loc(t));
  }
  private unexpected(expecting?: string): never {
    return this.fail(`unexpected ${this.describe(this.tok)}${expecting ? `: expected ${expecting}` : ""}`);
  }
  private expectPunct(text: string): Token {
    if (!this.isPunct(text)) this.unexpected(text);
    return this.toks[this.pos++];
  }

  // ---- module ----
  parseModule(): Module {
    if (!this.isKw("package")) this.fail(this.tok.kind === "eof" ? "empty module" : "package expected");
    const pkgTok = this.tok;
    this.pos++;
    const pkgRef = this.parseRefPath();
    const packagePath: string[] = [];
    for (const [i, t] of pkgRef.terms.entries()) {
      if (t.type === "var" && i === 0) packagePath.push(t.name);
      else if (t.type === "string") packagePath.push(t.value);
      else this.fail("package path must contain only strings", pkgTok);
    }
    if (packagePath[0] === "data") packagePath.shift();
    const module: Module = {
      file: this.file,
      packagePath,
      packageLoc: this.loc(pkgTok),
      imports: [],
      rules: [],
      regoVersion: this.version,
      metadata: [],
    };
    while (this.isKw("import")) module.imports.push(this.parseImport());
    while (this.tok.kind !== "eof") {
      if (this.isPunct(";")) {
        this.pos++;
        continue;
      }
      if (this.isKw("import")) this.fail("imports must appear before rules");
      module.rules.push(...this.parseRules(module));
    }
    module.metadata = metadataBlocks(this.comments, module);
    return module;
  }

  private parseImport(): Import {
    const loc = this.loc();
    this.pos++;
    const path = this.parseRefPath();
    const head = path.terms[0];
    const headName = head.type === "var" ? head.name : "";
    if (!["data", "input", "future", "rego"].includes(headName)) {
      this.fail("invalid path: path must begin with input, data, future or rego", this.toks[this.pos - 1]);
    }
    const segs = path.terms.slice(1).map((t) => (t.type === "string" ? t.value : ""));
    if (headName === "future") {
      if (segs[0] !== "keywords") this.fail("invalid import, must be `future.keywords`");
      if (segs.length === 1) for (const k of FUTURE_KEYWORDS) this.keywords.add(k);
      else if (
        segs.length === 2 &&
        (FUTURE_KEYWORDS.includes(segs[1]) || ["and", "or", "not"].includes(segs[1]))
      ) {
        this.keywords.add(segs[1]);
        if (segs[1] === "every") this.keywords.add("in");
      } else this.fail(`unexpected keyword, must be one of [contains every if in]`);
    }
    if (headName === "rego") {
      if (segs.length !== 1 || segs[0] !== "v1")
        this.fail("invalid import `rego`, must be `rego.v1`", this.toks[this.pos - 1]);
      for (const k of FUTURE_KEYWORDS) this.keywords.add(k);
    }
    let alias: string | undefined;
    if (this.isKw("as") && !this.tok.nl) {
      this.pos++;
      if (this.tok.kind !== "ident") this.unexpected("identifier");
      alias = this.tok.text;
      this.pos++;
      if (headName === "future" || headName === "rego")
        this.fail(`${headName} keyword imports cannot be aliased`);
    }
    return { path, alias, loc };
  }

  /** `a.b["c"]` as a ref of a var head and string keys (package and import paths). */
  private parseRefPath(): RefTerm {
    const first = this.tok;
    if (first.kind !== "ident") this.unexpected("identifier");
    this.pos++;
    const terms: Term[] = [{ type: "var", name: first.text, loc: this.loc(first) }];
    for (;;) {
      if (this.isPunct(".") && !this.tok.ws) {
        this.pos++;
        if (this.tok.kind !== "ident" || this.tok.ws) this.unexpected("identifier");
        terms.push({ type: "string", value: this.tok.text, loc: this.loc() });
        this.pos++;
      } else if (this.isPunct("[") && !this.tok.ws) {
        this.pos++;
        if (this.tok.kind !== "string") this.unexpected("string");
        terms.push({ type: "string", value: this.tok.text, loc: this.loc() });
        this.pos++;
        this.expectPunct("]");
      } else break;
    }
    return { type: "ref", terms, loc: this.loc(first) };
  }

  // ---- rules ----
  private parseRules(module: Module): Rule[] {
    const startTok = this.tok;
    const loc = this.loc();
    let isDefault = false;
    if (this.isKw("default")) {
      isDefault = true;
      this.pos++;
    }
    const head = this.parseHead(isDefault);
    if (isDefault) {
      if (!head.value) this.fail("default rule must have a value assigned", startTok);
      if (head.key) this.fail("default rules must not be multi-value rules", startTok);
      return [
        { head, body: [trueExpr(loc)], isDefault, elseRule: undefined, loc, module, impliedBody: true },
      ];
    }
    const rules: Rule[] = [];
    const parsedBody = this.parseRuleBodyOpt();
    const implied = parsedBody === undefined;
    const body = parsedBody ?? [trueExpr(loc)];
    const rule: Rule = {
      head,
      body,
      isDefault: false,
      elseRule: undefined,
      loc,
      module,
      impliedBody: implied,
    };
    rules.push(rule);
    let last = rule;
    while (this.isKw("else")) {
      if (head.key || (head.ref.length > 1 && !head.args && !head.value))
        this.fail("else keyword cannot be used on multi-value rules");
      const elseLoc = this.loc();
      this.pos++;
      let value: Term | undefined;
      if (this.isPunct("=") || this.isPunct(":=")) {
        this.pos++;
        value = this.parseTermIn();
      }
      const elseHead: RuleHead = {
        ...head,
        value: value ?? { type: "boolean", value: true, loc: elseLoc },
        loc: elseLoc,
      };
      const elseBody = this.parseRuleBodyOpt() ?? [trueExpr(elseLoc)];
      const elseRule: Rule = {
        head: elseHead,
        body: elseBody,
        isDefault: false,
        elseRule: undefined,
        loc: elseLoc,
        module,
        impliedBody: false,
      };
      last.elseRule = elseRule;
      last = elseRule;
    }
    // v0 chained bodies: p { a } { b }
    while (!implied && this.isPunct("{") && !this.tok.nl) {
      const extra = this.parseBraceBody();
      rules.push({
        head,
        body: extra,
        isDefault: false,
        elseRule: undefined,
        loc,
        module,
        impliedBody: false,
      });
    }
    if (this.tok.kind !== "eof" && !this.tok.nl && !this.isPunct(";")) this.unexpected();
    return rules;
  }

  private parseRuleBodyOpt(): Body | undefined {
    if (this.isKw("if")) {
      this.pos++;
      if (this.isPunct("{")) {
        const save = this.pos;
        try {
          return this.parseBraceBody();
        } catch (e) {
          // `p if {1, 2}` style literals are rare; a body is what is meant almost always.
          this.pos = save;
          if (!(e instanceof RegoCompileError)) throw e;
          try {
            return [this.parseLiteral()];
          } catch {
            throw e;
          }
        }
      }
      return [this.parseLiteral()];
    }
    if (this.isPunct("{") && !this.tok.nl) {
      if (this.version === "v1") this.fail("`if` keyword is required before rule body");
      return this.parseBraceBody();
    }
    return undefined;
  }

  private parseHead(isDefault: boolean): RuleHead {
    const first = this.tok;
    const loc = this.loc();
    if (first.kind !== "ident") this.unexpected();
    if (this.isKeywordAt(first)) this.fail(`unexpected ${first.text} keyword`);
    this.pos++;
    const ref: Term[] = [{ type: "var", name: first.text, loc }];
    let lastBracket = false;
    for (;;) {
      if (this.isPunct(".") && !this.tok.ws) {
        this.pos++;
        if (this.tok.kind !== "ident") this.unexpected("identifier");
        ref.push({ type: "string", value: this.tok.text, loc: this.loc() });
        this.pos++;
        lastBracket = false;
      } else if (this.isPunct("[") && !this.tok.ws) {
        this.pos++;
        ref.push(this.parseTermIn());
        this.expectPunct("]");
        lastBracket = true;
      } else break;
    }
    const head: RuleHead = { ref, args: undefined, key: undefined, value: undefined, assign: false, loc };
    if (this.isPunct("(") && !this.tok.ws) {
      this.pos++;
      const args = this.parseTermList(")");
      // as in OPA, `f() = 1` has no arguments, so it is a plain rule and not a function
      if (args.length > 0) head.args = args;
    }
    if (this.isKw("contains")) {
      this.pos++;
      head.key = this.parseTermIn();
      return head;
    }
    if (this.isPunct("=") || this.isPunct(":=")) {
      head.assign = this.tok.text === ":=";
      this.pos++;
      head.value = this.parseTermIn();
    } else if (
      !isDefault &&
      this.version === "v0" &&
      lastBracket &&
      ref.length === 2 &&
      !head.args &&
      !this.isKw("if")
    ) {
      // v0: p[x] { ... } is a partial set
      head.key = ref.pop();
      return head;
    }
    if (!head.value && !isDefault) head.value = { type: "boolean", value: true, loc };
    return head;
  }

  private parseBraceBody(): Body {
    this.expectPunct("{");
    const body = this.parseBodyUntil("}");
    this.expectPunct("}");
    return body;
  }

  private parseBodyUntil(close: string): Body {
    const body: Body = [];
    for (;;) {
      while (this.isPunct(";")) this.pos++;
      if (this.isPunct(close)) break;
      if (this.tok.kind === "eof") this.unexpected(close);
      body.push(this.parseLiteral());
      if (this.isPunct(";")) continue;
      if (this.isPunct(close)) break;
      if (this.tok.nl) continue;
      this.unexpected();
    }
    if (body.length === 0) this.fail("found empty body");
    return body;
  }

  /** A whole query: expressions separated by `;` or newlines. */
  parseQuery(): Body {
    const body: Body = [];
    for (;;) {
      while (this.isPunct(";")) this.pos++;
      if (this.tok.kind === "eof") break;
      const first = this.tok;
      const expr = this.parseLiteral();
      expr.text = this.src.slice(first.start, this.toks[this.pos - 1].end);
      body.push(expr);
      if (this.isPunct(";") || this.tok.nl) continue;
      this.unexpected();
    }
    if (body.length === 0) this.fail("empty query");
    return body;
  }

  /** `{term}` or `{term with a as b}` inside a template string. */
  parseTemplatePart(): Term {
    const loc = this.loc();
    const term = this.parseTermIn();
    if (!this.isKw("with")) {
      if (this.tok.kind !== "eof") this.unexpected();
      return term;
    }
    const v: Term = { type: "var", name: "__template__", loc };
    const expr = this.withMods({
      kind: "term",
      term: mkCall("eq", [v, term], loc),
      negated: false,
      with: [],
      loc,
    });
    if (this.tok.kind !== "eof") this.unexpected();
    return { type: "setcomp", term: v, body: [expr], loc, ofTemplate: true };
  }

  parseSingleTerm(): Term {
    const t = this.parseTermIn();
    if (this.tok.kind !== "eof") this.unexpected();
    return t;
  }

  // ---- expressions ----
  private parseLiteral(): Expr {
    const loc = this.loc();
    if (this.isKw("some")) return this.withMods(this.parseSome(loc));
    if (this.isKw("every")) return this.withMods(this.parseEvery(loc));
    const logic = this.tryParseLogic();
    if (logic) return this.withMods({ kind: "logic", node: logic, negated: false, with: [], loc });
    let negated = false;
    if (this.isKw("not")) {
      negated = true;
      this.pos++;
      if (this.isPunct("{") && this.keywords.has("not")) {
        const body = this.parseBraceBody();
        return this.withMods({ kind: "logic", node: { op: "body", body }, negated: true, with: [], loc });
      }
    }
    const term = this.parseExprTerm();
    const expr: Expr = { kind: "term", term, negated, with: [], loc };
    return this.withMods(expr);
  }

  private logicEnabled(): boolean {
    return this.keywords.has("and") || this.keywords.has("or");
  }

  /** A logical expression (`a and b`, `{ ... } or c`, `(a or b)`); undefined for a plain literal. */
  private tryParseLogic(): LogicNode | undefined {
    if (!this.logicEnabled()) return undefined;
    const save = this.pos;
    const first = this.tryParse(() => this.parseLogicOperand());
    const grouped =
      this.isPunct("(", this.toks[save]) ||
      (this.isKw("not", this.toks[save]) && this.isPunct("(", this.toks[save + 1]));
    if (
      first &&
      (this.isKw("and") || this.isKw("or") || ((grouped || first.op !== "body") && this.atLiteralEnd()))
    ) {
      this.pos = save;
      return this.parseLogicOr();
    }
    this.pos = save;
    return undefined;
  }

  private atLiteralEnd(): boolean {
    const t = this.tok;
    return (
      t.kind === "eof" ||
      t.nl ||
      this.isPunct(";") ||
      this.isPunct("}") ||
      this.isPunct("]") ||
      this.isKw("with")
    );
  }

  private parseLogicOr(): LogicNode {
    let left = this.parseLogicAnd();
    while (this.isKw("or")) {
      this.pos++;
      left = { op: "or", left, right: this.parseLogicAnd() };
    }
    return left;
  }

  private parseLogicAnd(): LogicNode {
    let left = this.parseLogicOperand();
    while (this.isKw("and")) {
      this.pos++;
      left = { op: "and", left, right: this.parseLogicOperand() };
    }
    return left;
  }

  private parseLogicOperand(): LogicNode {
    const loc = this.loc();
    if (this.isPunct("{")) {
      const save = this.pos;
      const body = this.tryParse(() => this.parseBraceBody());
      if (body) return { op: "body", body };
      this.pos = save;
    }
    if (this.isPunct("(")) {
      const save = this.pos;
      const group = this.tryParse(() => this.parseLogicGroup(loc));
      if (group && (this.isKw("and") || this.isKw("or") || this.isPunct(")") || this.atLiteralEnd()))
        return group;
      this.pos = save;
    }
    if (this.isKw("not")) {
      this.pos++;
      let inner: LogicNode;
      if (this.isPunct("{")) inner = { op: "body", body: this.parseBraceBody() };
      else if (this.isPunct("(")) inner = this.parseLogicGroup(loc);
      else
        return {
          op: "body",
          body: [{ kind: "term", term: this.parseExprTerm(), negated: true, with: [], loc }],
        };
      return { op: "body", body: [{ kind: "logic", node: inner, negated: true, with: [], loc }] };
    }
    return {
      op: "body",
      body: [{ kind: "term", term: this.parseExprTerm(), negated: false, with: [], loc }],
    };
  }

  /** `( a or b [with ...] )`: a `with` inside the parentheses applies to the whole group. */
  private parseLogicGroup(loc: Location): LogicNode {
    this.expectPunct("(");
    const node = this.parseLogicOr();
    const expr = this.withMods({ kind: "logic", node, negated: false, with: [], loc });
    this.expectPunct(")");
    return expr.with.length > 0 ? { op: "body", body: [expr] } : node;
  }

  private withMods(expr: Expr): Expr {
    while (this.isKw("with")) {
      const loc = this.loc();
      this.pos++;
      const target = this.parseTerm();
      if (target.type !== "var" && target.type !== "ref") this.fail("with target must be a reference");
      if (!this.isKw("as")) this.unexpected("as");
      this.pos++;
      const value = this.parseTermIn();
      const w: WithModifier = { target, value, loc };
      expr.with.push(w);
    }
    return expr;
  }

  private parseSome(loc: Location): Expr {
    this.pos++;
    const terms: Term[] = [this.parseTermRelation()];
    while (this.isPunct(",")) {
      this.pos++;
      terms.push(this.parseTermRelation());
    }
    if (this.isKw("in")) {
      this.pos++;
      if (terms.length > 2) this.fail("unexpected , token: expected at most 2 terms before in");
      const domain = this.parseTermRelation();
      const name = terms.length === 1 ? "internal.member_2" : "internal.member_3";
      const call = mkCall(name, [...terms, domain], loc);
      return { kind: "term", term: call, negated: false, with: [], loc, declared: terms };
    }
    const vars: VarTerm[] = [];
    for (const t of terms) {
      if (t.type !== "var") this.fail("expected var in some declaration");
      vars.push(t);
    }
    return { kind: "some", vars, negated: false, with: [], loc };
  }

  private parseEvery(loc: Location): EveryExpr {
    this.pos++;
    let key: Term | undefined;
    let value = this.parseTerm();
    if (this.isPunct(",")) {
      this.pos++;
      key = value;
      value = this.parseTerm();
    }
    if (!this.isKw("in")) this.unexpected("in");
    this.pos++;
    const domain = this.parseTermRelation();
    const body = this.parseBraceBody();
    return { kind: "every", key, value, domain, body, negated: false, with: [], loc };
  }

  /** expr := term [ (= | :=) term ] */
  private parseExprTerm(): Term {
    const loc = this.loc();
    const lhs = this.parseTermInPair();
    if (this.isPunct("=") || this.isPunct(":=")) {
      const op = this.tok.text === "=" ? "eq" : "assign";
      this.pos++;
      const rhs = this.parseTermInPair();
      return mkCall(op, [lhs, rhs], loc);
    }
    return lhs;
  }

  /** Like parseTermIn, also accepting the key-value membership `k, v in xs` (then chained `in`). */
  private parseTermInPair(): Term {
    const loc = this.loc();
    let t = this.parseTermIn();
    if (this.isPunct(",") && !this.tok.nl) {
      const save = this.pos;
      this.pos++;
      const value = this.tryParse(() => this.parseTermRelation());
      if (value && this.isKw("in")) {
        this.pos++;
        t = mkCall("internal.member_3", [t, value, this.parseTermRelation()], loc);
        while (this.isKw("in") && !this.tok.nl) {
          this.pos++;
          t = mkCall("internal.member_2", [t, this.parseTermRelation()], loc);
        }
      } else this.pos = save;
    }
    return t;
  }

  private parseTermIn(): Term {
    const loc = this.loc();
    let lhs = this.parseTermRelation();
    // `k, v in xs` is only valid after `some`; here `x in xs` (possibly chained)
    while (this.isKw("in") && !this.tok.nl) {
      this.pos++;
      const rhs = this.parseTermRelation();
      lhs = mkCall("internal.member_2", [lhs, rhs], loc);
    }
    return lhs;
  }

  private parseTermRelation(): Term {
    const loc = this.loc();
    let lhs = this.parseTermOr();
    for (;;) {
      const t = this.tok;
      const op = t.kind === "punct" && !t.nl ? REL_OPS[t.text] : undefined;
      if (!op) return lhs;
      this.pos++;
      lhs = mkCall(op, [lhs, this.parseTermOr()], loc);
    }
  }

  private parseTermOr(): Term {
    const loc = this.loc();
    let lhs = this.parseTermAnd();
    while (!this.noOr && this.isPunct("|") && !this.tok.nl) {
      this.pos++;
      lhs = mkCall("or", [lhs, this.parseTermAnd()], loc);
    }
    return lhs;
  }

  private parseTermAnd(): Term {
    const loc = this.loc();
    let lhs = this.parseTermArith();
    while (this.isPunct("&") && !this.tok.nl) {
      this.pos++;
      lhs = mkCall("and", [lhs, this.parseTermArith()], loc);
    }
    return lhs;
  }

  private parseTermArith(): Term {
    const loc = this.loc();
    let lhs = this.parseTermFactor();
    for (;;) {
      if (this.tok.nl) return lhs;
      if (this.isPunct("+")) {
        this.pos++;
        lhs = mkCall("plus", [lhs, this.parseTermFactor()], loc);
      } else if (this.isPunct("-")) {
        this.pos++;
        lhs = mkCall("minus", [lhs, this.parseTermFactor()], loc);
      } else return lhs;
    }
  }

  private parseTermFactor(): Term {
    const loc = this.loc();
    let lhs = this.parseTerm();
    for (;;) {
      if (this.tok.nl) return lhs;
      const name = this.isPunct("*")
        ? "mul"
        : this.isPunct("/")
          ? "div"
          : this.isPunct("%")
            ? "rem"
            : undefined;
      if (!name) return lhs;
      this.pos++;
      lhs = mkCall(name, [lhs, this.parseTerm()], loc);
    }
  }

  private parseTermList(close: string): Term[] {
    const items: Term[] = [];
    for (;;) {
      if (this.isPunct(close)) break;
      items.push(this.parseTermIn());
      if (this.isPunct(",")) {
        this.pos++;
        continue;
      }
      if (!this.isPunct(close)) this.unexpected(close);
    }
    this.pos++;
    return items;
  }

  /** A primary term with its ref/call suffixes. */
  parseTerm(): Term {
    const t = this.tok;
    const loc = this.loc();
    let term: Term;
    switch (t.kind) {
      case "number":
        this.pos++;
        term = { type: "number", text: t.text, loc };
        break;
      case "string":
      case "rawstring":
        this.pos++;
        term = { type: "string", value: t.text, loc };
        break;
      case "template": {
        this.pos++;
        const parts = (t.template ?? []).map((p) => {
          if (typeof p === "string") return p;
          const sub = new Parser(
            `${"\n".repeat(p.row - 1)}${" ".repeat(p.col - 1)}${p.src}`,
            this.file,
            this.version,
          );
          for (const k of this.keywords) sub.keywords.add(k);
          return sub.parseTemplatePart();
        });
        term = { type: "template", parts, loc };
        break;
      }
      case "ident": {
        if ((t.text === "true" || t.text === "false") && this.isKeywordAt(t)) {
          this.pos++;
          term = { type: "boolean", value: t.text === "true", loc };
        } else if (t.text === "null" && this.isKeywordAt(t)) {
          this.pos++;
          term = { type: "null", loc };
        } else if (t.text === "set" && this.isPunct("(", this.peek()) && this.isPunct(")", this.peek(2))) {
          this.pos += 3;
          term = { type: "set", items: [], loc };
        } else {
          if (this.isKeywordAt(t)) this.unexpected();
          this.pos++;
          term = { type: "var", name: t.text, loc };
        }
        break;
      }
      case "punct":
        if (t.text === "-" && this.peek().kind === "number" && !this.peek().ws) {
          this.pos += 2;
          const text = this.toks[this.pos - 1].text;
          term = { type: "number", text: `-${text}`, loc };
          break;
        }
        if (t.text === "-") {
          this.pos++;
          const operand = this.parseTerm();
          term = mkCall("minus", [{ type: "number", text: "0", loc }, operand], loc);
          break;
        }
        if (t.text === "(") {
          this.pos++;
          term = this.parseExprTerm();
          this.expectPunct(")");
          break;
        }
        if (t.text === "[") {
          term = this.parseArray();
          break;
        }
        if (t.text === "{") {
          term = this.parseSetOrObject();
          break;
        }
        return this.unexpected();
      default:
        return this.unexpected();
    }
    return this.parseSuffixes(term);
  }

  private parseSuffixes(term: Term): Term {
    for (;;) {
      if (this.isPunct(".") && !this.tok.ws) {
        this.pos++;
        if (this.tok.kind !== "ident" || this.tok.ws) this.unexpected("identifier");
        const key: Term = { type: "string", value: this.tok.text, loc: this.loc() };
        this.pos++;
        term = appendRef(term, key);
      } else if (this.isPunct("[") && !this.tok.ws) {
        this.pos++;
        const key = this.parseTermIn();
        this.expectPunct("]");
        term = appendRef(term, key);
      } else if (this.isPunct("(") && !this.tok.ws && (term.type === "var" || term.type === "ref")) {
        this.pos++;
        const args = this.parseTermList(")");
        const call: CallTerm = { type: "call", op: term, args, loc: term.loc };
        term = call;
      } else return term;
    }
  }

  private parseArray(): Term {
    const loc = this.loc();
    this.pos++;
    if (this.isPunct("]")) {
      this.pos++;
      return { type: "array", items: [], loc };
    }
    const save = this.pos;
    const head = this.tryParseCompHead();
    if (head && this.isPunct("|")) {
      this.pos++;
      const body = this.parseBodyUntil("]");
      this.expectPunct("]");
      return { type: "arraycomp", term: head, body, loc };
    }
    this.pos = save;
    const items = this.parseTermList("]");
    return { type: "array", items, loc };
  }

  private parseSetOrObject(): Term {
    const loc = this.loc();
    this.pos++;
    if (this.isPunct("}")) {
      this.pos++;
      return { type: "object", entries: [], loc };
    }
    const save = this.pos;
    // Comprehensions first: `{ a | b }` is a set comprehension, not a union.
    const head = this.tryParseCompHead();
    if (head && this.isPunct("|")) {
      this.pos++;
      const body = this.parseBodyUntil("}");
      this.expectPunct("}");
      return { type: "setcomp", term: head, body, loc };
    }
    if (head && this.isPunct(":")) {
      this.pos++;
      const value = this.tryParseCompHead();
      if (value && this.isPunct("|")) {
        this.pos++;
        const body = this.parseBodyUntil("}");
        this.expectPunct("}");
        return { type: "objectcomp", key: head, value, body, loc };
      }
    }
    this.pos = save;
    const first = this.parseTermIn();
    if (this.isPunct(":")) {
      const entries: [Term, Term][] = [];
      let key = first;
      for (;;) {
        this.expectPunct(":");
        entries.push([key, this.parseTermIn()]);
        if (this.isPunct(",")) {
          this.pos++;
          if (this.isPunct("}")) break;
          key = this.parseTermIn();
          continue;
        }
        if (!this.isPunct("}")) this.unexpected("}");
        break;
      }
      this.pos++;
      return { type: "object", entries, loc };
    }
    const items = [first];
    for (;;) {
      if (this.isPunct(",")) {
        this.pos++;
        if (this.isPunct("}")) break;
        items.push(this.parseTermIn());
        continue;
      }
      if (!this.isPunct("}")) this.unexpected("}");
      break;
    }
    this.pos++;
    return { type: "set", items, loc };
  }

  private tryParse<T>(f: () => T): T | undefined {
    const save = this.pos;
    try {
      return f();
    } catch (e) {
      if (!(e instanceof RegoCompileError)) throw e;
      this.pos = save;
      return undefined;
    }
  }

  private tryParseCompHead(): Term | undefined {
    const prev = this.noOr;
    this.noOr = true;
    try {
      return this.tryParse(() => this.parseTermIn());
    } finally {
      this.noOr = prev;
    }
  }
}

function appendRef(term: Term, key: Term): RefTerm {
  if (term.type === "ref") return { type: "ref", terms: [...term.terms, key], loc: term.loc };
  return { type: "ref", terms: [term, key], loc: term.loc };
}

export function opTerm(name: string, loc: Location): Term {
  const parts = name.split(".");
  const head: Term = { type: "var", name: parts[0], loc };
  if (parts.length === 1) return head;
  return {
    type: "ref",
    terms: [head, ...parts.slice(1).map((p): Term => ({ type: "string", value: p, loc }))],
    loc,
  };
}

export function mkCall(name: string, args: Term[], loc: Location): CallTerm {
  return { type: "call", op: opTerm(name, loc), args, loc };
}

function trueExpr(loc: Location): Expr {
  return { kind: "term", term: { type: "boolean", value: true, loc }, negated: false, with: [], loc };
}

export interface ParseOptions {
  regoVersion?: RegoVersion | "auto";
}

/** Parses one module. In "auto" mode v1 is tried first, then v0 unless the module imports rego.v1. */
export function parseModule(source: string, file: string, options: ParseOptions = {}): Module {
  const version = options.regoVersion ?? "v1";
  if (version !== "auto") return new Parser(source, file, version).parseModule();
  try {
    return new Parser(source, file, "v1").parseModule();
  } catch (e) {
    if (!(e instanceof RegoCompileError) || /^\s*import\s+rego\.v1\b/m.test(source)) throw e;
    try {
      return new Parser(source, file, "v0").parseModule();
    } catch (e0) {
      // report the error of the syntax that got further into the module
      if (e0 instanceof RegoCompileError && position(e0) > position(e)) throw e0;
      throw e;
    }
  }
}

function position(e: RegoCompileError): number {
  const loc = e.errors[0]?.location;
  return loc ? loc.row * 100000 + loc.col : 0;
}

export function parseQuery(source: string, file = "query"): Body {
  return new Parser(source, file, "v1").parseQuery();
}

export function parseTermText(source: string, file = "term"): Term {
  return new Parser(source, file, "v1").parseSingleTerm();
}
