// The part of Go's text/template that strings.render_template templates use: text with {{- -}}
// trimming and comments; actions with pipelines of fields, variables, literals, parentheses and
// the functions and, or, not, len, index, eq, ne, lt, le, gt, ge, print and println; variable
// declarations and assignments; if / else if / else, with / else with, range (over arrays,
// objects in key order, and integers) with break and continue. A missing key prints
// "<no value>", as with Go's default missingkey option.
//
// The data is what OPA hands the template: a JSON document decoded with numbers kept as text
// (json.Number, which Go treats as a string); Go ints appear only as range indexes, len results
// and number literals.
import { RegoNumber, RegoObject, type Value } from "../value/index.js";

export class TemplateError extends Error {}

/** A value during execution; undefined is Go's invalid reflect.Value (a missing key). */
type TValue = Value | number | undefined;

// --- lexing -------------------------------------------------------------------------------

type TokenKind =
  | "text"
  | "open"
  | "close"
  | "field"
  | "dot"
  | "variable"
  | "identifier"
  | "keyword"
  | "string"
  | "number"
  | "bool"
  | "nil"
  | "declare"
  | "assign"
  | "pipe"
  | "lparen"
  | "rparen"
  | "comma";

interface Token {
  kind: TokenKind;
  text: string;
  line: number;
  /** Whitespace precedes the token, so a field after it does not extend a chain. */
  spaced: boolean;
  value?: string | number;
}

const SINGLE_CHAR_TOKENS: Readonly<Record<string, TokenKind>> = {
  "=": "assign",
  "|": "pipe",
  "(": "lparen",
  ")": "rparen",
  ",": "comma",
};
const QUOTED = /^"((?:[^"\\\n]|\\.)*)"/;
const CHAR = /^'((?:[^'\\\n]|\\.)+)'/;
const VARIABLE = /^\$[\p{L}\p{Nd}_]*/u;
const FIELDS = /^(?:\.[\p{L}_][\p{L}\p{Nd}_]*)+/u;
const NUMBER = /^[+-]?(?:0[xX][0-9a-fA-F_]+|(?:\d[\d_]*)?\.?\d*(?:[eE][+-]?\d+)?)/;
const WORD = /^[\p{L}_][\p{L}\p{Nd}_]*/u;
const KEYWORDS = new Set([
  "if",
  "else",
  "end",
  "range",
  "with",
  "break",
  "continue",
  "define",
  "template",
  "block",
]);
const TRIM_SPACE = /[ \t\r\n]/;

function fail(line: number, msg: string): never {
  throw new TemplateError(`template: template:${line}: ${msg}`);
}

const isAlnum = (c: string | undefined) => c !== undefined && /[\p{L}\p{Nd}_]/u.test(c);

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
};

/** strconv.Unquote's escapes in a quoted string's body. */
function unquote(body: string, line: number): string {
  return body.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|[abfnrtv\\'"])/g,
    (_, e: string) => {
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined) return simple;
      const code = /^[0-7]/.test(e) ? Number.parseInt(e, 8) : Number.parseInt(e.slice(1), 16);
      if (code > 0x10ffff) fail(line, "invalid syntax");
      return String.fromCodePoint(code);
    },
  );
}

class Lexer {
  private pos = 0;
  private line = 1;
  readonly tokens: Token[] = [];

  constructor(private readonly src: string) {
    this.lex();
  }

  private push(kind: TokenKind, text: string, spaced: boolean, value?: string | number): void {
    this.tokens.push({ kind, text, line: this.line, spaced, value });
  }

  private advance(n: number): string {
    const s = this.src.slice(this.pos, this.pos + n);
    for (const c of s) if (c === "\n") this.line++;
    this.pos += n;
    return s;
  }

  private lex(): void {
    const src = this.src;
    while (this.pos < src.length) {
      const open = src.indexOf("{{", this.pos);
      const textEnd = open < 0 ? src.length : open;
      const leftTrim = open >= 0 && src[open + 2] === "-" && TRIM_SPACE.test(src[open + 3] ?? "");
      let text = src.slice(this.pos, textEnd);
      if (leftTrim) text = text.replace(/[ \t\r\n]+$/, "");
      const start = this.line;
      this.advance(textEnd - this.pos);
      if (text !== "") this.tokens.push({ kind: "text", text, line: start, spaced: false });
      if (open < 0) return;
      this.advance(leftTrim ? 4 : 2);
      if (src.startsWith("/*", this.pos)) this.lexComment();
      else this.lexAction();
    }
  }

  /** At "}}" or " -}}": the length of the closing delimiter and whether it trims, else undefined. */
  private closing(): { length: number; trim: boolean } | undefined {
    if (this.src.startsWith("}}", this.pos)) return { length: 2, trim: false };
    if (TRIM_SPACE.test(this.src[this.pos] ?? "") && this.src.startsWith("-}}", this.pos + 1))
      return { length: 4, trim: true };
    return undefined;
  }

  private close(c: { length: number; trim: boolean }): void {
    this.advance(c.length);
    if (c.trim) this.advance(/^[ \t\r\n]*/.exec(this.src.slice(this.pos))![0].length);
  }

  private lexComment(): void {
    const end = this.src.indexOf("*/", this.pos + 2);
    if (end < 0) fail(this.line, "unclosed comment");
    this.advance(end + 2 - this.pos);
    const c = this.closing();
    if (!c) fail(this.line, "comment ends before closing delimiter");
    this.close(c);
  }

  private lexAction(): void {
    const src = this.src;
    this.push("open", "{{", false);
    let spaced = false;
    let depth = 0;
    for (;;) {
      const c = this.closing();
      if (c) {
        if (depth > 0) fail(this.line, "unclosed left paren");
        this.close(c);
        this.push("close", "}}", spaced);
        return;
      }
      const ch = src[this.pos];
      if (ch === undefined) fail(this.line, "unclosed action");
      if (TRIM_SPACE.test(ch)) {
        this.advance(1);
        spaced = true;
        continue;
      }
      this.lexToken(ch, spaced);
      const last = this.tokens[this.tokens.length - 1]!;
      if (last.kind === "lparen") depth++;
      else if (last.kind === "rparen" && --depth < 0) fail(this.line, "unexpected right paren");
      spaced = false;
    }
  }

  private lexToken(ch: string, spaced: boolean): void {
    const rest = this.src.slice(this.pos);
    const single = rest.startsWith(":=") ? "declare" : SINGLE_CHAR_TOKENS[ch];
    if (single) {
      this.push(single, this.advance(single === "declare" ? 2 : 1), spaced);
      return;
    }
    if (ch === '"' || ch === "`" || ch === "'") {
      this.lexQuoted(ch, rest, spaced);
      return;
    }
    const variable = VARIABLE.exec(rest);
    if (variable) {
      this.push("variable", this.advance(variable[0].length), spaced);
      return;
    }
    const fields = FIELDS.exec(rest);
    if (fields) {
      // a chain ".a.b" is a run of fields
      for (const name of fields[0].split(".").slice(1)) {
        this.push("field", this.advance(name.length + 1), spaced);
        spaced = false;
      }
      return;
    }
    const number = NUMBER.exec(rest);
    if (number && /\d/.test(number[0])) {
      const n = Number(number[0].replaceAll("_", ""));
      if (Number.isNaN(n) || isAlnum(rest[number[0].length]))
        fail(this.line, `bad number syntax: "${number[0]}"`);
      this.push("number", this.advance(number[0].length), spaced, n);
      return;
    }
    if (ch === ".") {
      this.push("dot", this.advance(1), spaced);
      return;
    }
    const word = WORD.exec(rest)?.[0];
    if (word === undefined) {
      const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
      fail(this.line, `unrecognized character in action: U+${code}`);
    }
    const kind = KEYWORDS.has(word)
      ? "keyword"
      : word === "true" || word === "false"
        ? "bool"
        : word === "nil"
          ? "nil"
          : "identifier";
    this.push(kind, this.advance(word.length), spaced);
  }

  /** "interpreted", `raw` and 'c'haracter literals. */
  private lexQuoted(quote: string, rest: string, spaced: boolean): void {
    if (quote === "`") {
      const end = rest.indexOf("`", 1);
      if (end < 0) fail(this.line, "unterminated raw quoted string");
      const text = this.advance(end + 1);
      this.push("string", text, spaced, text.slice(1, -1));
      return;
    }
    const m = (quote === '"' ? QUOTED : CHAR).exec(rest);
    if (!m) fail(this.line, quote === '"' ? "unterminated quoted string" : "unterminated character constant");
    const value = unquote(m[1]!, this.line);
    if (quote === '"') {
      this.push("string", this.advance(m[0].length), spaced, value);
      return;
    }
    if (Array.from(value).length !== 1) fail(this.line, `malformed character constant: ${m[0]}`);
    this.push("number", this.advance(m[0].length), spaced, value.codePointAt(0)!);
  }
}

// --- parsing ------------------------------------------------------------------------------

type Operand =
  | { kind: "dot" }
  | { kind: "field"; names: string[] }
  | { kind: "variable"; name: string; names: string[] }
  | { kind: "function"; name: string }
  | { kind: "literal"; value: TValue }
  | { kind: "pipe"; pipe: Pipe; names: string[] };

interface Pipe {
  decl: string[];
  /** `=` rather than `:=`. */
  assign: boolean;
  cmds: Operand[][];
  line: number;
}

interface Control {
  kind: "if" | "with" | "range";
  pipe: Pipe;
  list: Node[];
  elseList?: Node[];
}

type Node =
  | { kind: "text"; text: string }
  | { kind: "action"; pipe: Pipe }
  | Control
  | { kind: "break" | "continue"; line: number };

const FUNCTIONS = new Set([
  "and",
  "or",
  "not",
  "len",
  "index",
  "eq",
  "ne",
  "lt",
  "le",
  "gt",
  "ge",
  "print",
  "println",
]);
const GO_ONLY_FUNCTIONS = new Set(["call", "html", "js", "printf", "slice", "urlquery"]);

class Parser {
  private i = 0;
  private vars: string[] = ["$"];
  private rangeDepth = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private next(): Token {
    const t = this.tokens[this.i++];
    if (!t) fail(this.tokens[this.tokens.length - 1]?.line ?? 1, "unexpected EOF");
    return t;
  }

  private expect(kind: TokenKind, context: string): Token {
    const t = this.next();
    if (t.kind !== kind) fail(t.line, `unexpected "${t.text}" in ${context}`);
    return t;
  }

  parse(): Node[] {
    const { list, end } = this.list();
    if (end) fail(end.line, `unexpected {{${end.text}}}`);
    return list;
  }

  /** Nodes up to {{end}} or {{else}} (returned as `end`), or to the end of the input. */
  private list(): { list: Node[]; end?: Token } {
    const list: Node[] = [];
    for (let t = this.peek(); t; t = this.peek()) {
      this.i++;
      if (t.kind === "text") {
        list.push({ kind: "text", text: t.text });
        continue;
      }
      const word = this.peek();
      if (word?.kind === "keyword") {
        this.i++;
        switch (word.text) {
          case "end":
          case "else":
            return { list, end: word };
          case "if":
          case "with":
          case "range":
            list.push(this.control(word.text));
            continue;
          case "break":
          case "continue":
            if (this.rangeDepth === 0) fail(word.line, `{{${word.text}}} outside {{range}}`);
            this.expect("close", word.text);
            list.push({ kind: word.text, line: word.line });
            continue;
          default:
            fail(word.line, `{{${word.text}}} is not supported`);
        }
      }
      list.push({ kind: "action", pipe: this.pipeline("command", "close") });
    }
    return { list };
  }

  private control(kind: Control["kind"]): Control {
    const mark = this.vars.length;
    const pipe = this.pipeline(kind, "close");
    if (kind === "range") this.rangeDepth++;
    const body = this.list();
    if (kind === "range") this.rangeDepth--;
    let elseList: Node[] | undefined;
    if (body.end?.text === "else") {
      const chained = this.peek();
      // {{else if ...}} and {{else with ...}} nest a control in the else branch
      if (kind !== "range" && chained?.kind === "keyword" && chained.text === kind) {
        this.i++;
        elseList = [this.control(kind)];
      } else {
        this.expect("close", "else");
        const rest = this.list();
        if (rest.end?.text !== "end")
          fail(rest.end?.line ?? pipe.line, `expected end; found ${rest.end?.text ?? "EOF"}`);
        this.expect("close", "end");
        elseList = rest.list;
      }
    } else if (body.end?.text === "end") {
      this.expect("close", "end");
    } else {
      fail(pipe.line, `unexpected EOF`);
    }
    this.vars.length = mark;
    return { kind, pipe, list: body.list, elseList };
  }

  private pipeline(context: string, end: "close" | "rparen"): Pipe {
    const line = this.peek()?.line ?? 1;
    const decl: string[] = [];
    let assign = false;
    if (this.peek()?.kind === "variable") {
      const save = this.i;
      const v = this.next();
      const op = this.peek();
      if (op?.kind === "declare" || op?.kind === "assign") {
        this.i++;
        decl.push(v.text);
        assign = op.kind === "assign";
      } else if (op?.kind === "comma" && context === "range") {
        // {{range $i, $v := pipeline}}
        this.i++;
        const second = this.expect("variable", "range");
        const op2 = this.next();
        if (op2.kind !== "declare" && op2.kind !== "assign")
          fail(op2.line, "range can only initialize variables");
        decl.push(v.text, second.text);
        assign = op2.kind === "assign";
      } else {
        this.i = save;
      }
    }
    for (const name of decl) {
      if (!assign) this.vars.push(name);
      else if (!this.vars.includes(name)) fail(line, `undefined variable "${name}"`);
    }
    const cmds: Operand[][] = [];
    for (;;) {
      cmds.push(this.command(end));
      const t = this.next();
      if (t.kind === end) break;
      if (t.kind !== "pipe") fail(t.line, `unexpected "${t.text}" in ${context}`);
    }
    if (cmds.some((c) => c.length === 0)) fail(line, `missing value for ${context}`);
    return { decl, assign, cmds, line };
  }

  private command(end: "close" | "rparen"): Operand[] {
    const ops: Operand[] = [];
    for (let t = this.peek(); t && t.kind !== "pipe" && t.kind !== end; t = this.peek()) {
      if (ops.length > 0 && !t.spaced && t.kind !== "field")
        fail(t.line, `unexpected "${t.text}" in operand`);
      ops.push(this.operand());
    }
    return ops;
  }

  private operand(): Operand {
    const t = this.next();
    let op: Operand;
    switch (t.kind) {
      case "dot":
        op = { kind: "dot" };
        break;
      case "field":
        op = { kind: "field", names: [t.text.slice(1)] };
        break;
      case "variable":
        if (!this.vars.includes(t.text)) fail(t.line, `undefined variable "${t.text}"`);
        op = { kind: "variable", name: t.text, names: [] };
        break;
      case "identifier":
        if (GO_ONLY_FUNCTIONS.has(t.text)) fail(t.line, `function "${t.text}" is not supported`);
        if (!FUNCTIONS.has(t.text)) fail(t.line, `function "${t.text}" not defined`);
        op = { kind: "function", name: t.text };
        break;
      case "string":
      case "number":
        op = { kind: "literal", value: t.value };
        break;
      case "bool":
        op = { kind: "literal", value: t.text === "true" };
        break;
      case "nil":
        op = { kind: "literal", value: null };
        break;
      case "lparen":
        op = { kind: "pipe", pipe: this.pipeline("parenthesized pipeline", "rparen"), names: [] };
        break;
      default:
        fail(t.line, `unexpected "${t.text}" in operand`);
    }
    // fields written right after a term extend it: $x.a, (pipeline).b, .a.b
    while (this.peek()?.kind === "field" && !this.peek()!.spaced) {
      const name = this.next().text.slice(1);
      if (op.kind === "field" || op.kind === "variable" || op.kind === "pipe") op.names.push(name);
      else if (op.kind === "dot") op = { kind: "field", names: [name] };
      else fail(t.line, `unexpected . after term "${t.text}"`);
    }
    return op;
  }
}

// --- execution ----------------------------------------------------------------------------

class Break {}
class Continue {}

type Kind = "invalid" | "nil" | "bool" | "int" | "float" | "string" | "slice" | "map";

function kindOf(v: TValue): Kind {
  if (v === undefined) return "invalid";
  if (v === null) return "nil";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "string" || v instanceof RegoNumber) return "string";
  if (Array.isArray(v)) return "slice";
  return "map";
}

function goTypeName(v: TValue): string {
  if (v instanceof RegoNumber) return "json.Number";
  return {
    invalid: "<nil>",
    nil: "interface {}",
    bool: "bool",
    int: "int",
    float: "float64",
    string: "string",
    slice: "[]interface {}",
    map: "map[string]interface {}",
  }[kindOf(v)];
}

const text = (v: string | RegoNumber) => (typeof v === "string" ? v : v.toString());

function isTrue(v: TValue): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") return v.length > 0;
  if (v instanceof RegoNumber) return true; // its text is never empty
  if (Array.isArray(v)) return v.length > 0;
  return (v as RegoObject).size > 0;
}

/** fmt.Sprint of one value; nested nils print as <nil>. */
function goPrint(v: TValue, top = true): string {
  if (v === undefined || (v === null && top)) return "<no value>";
  if (v === null) return "<nil>";
  if (typeof v === "boolean" || typeof v === "number") return String(v);
  if (typeof v === "string" || v instanceof RegoNumber) return text(v);
  if (Array.isArray(v)) return `[${v.map((x) => goPrint(x, false)).join(" ")}]`;
  const entries = [...(v as RegoObject).entries()].map(
    ([k, x]) => `${goPrint(k, false)}:${goPrint(x, false)}`,
  );
  return `map[${entries.join(" ")}]`;
}

/** fmt.Sprint of several values: a space between operands when neither is a string. */
function goSprint(args: TValue[]): string {
  let out = "";
  args.forEach((a, i) => {
    if (i > 0 && kindOf(a) !== "string" && kindOf(args[i - 1]) !== "string") out += " ";
    out += goPrint(a, false);
  });
  return out;
}

class Executor {
  private out = "";
  private vars: { name: string; value: TValue }[];
  private line = 1;

  constructor(
    private readonly data: TValue,
    private readonly charge: (steps: number) => void,
  ) {
    this.vars = [{ name: "$", value: data }];
  }

  /** Output and range iterations are work against the evaluation budget. */
  private write(s: string): void {
    this.charge(s.length);
    this.out += s;
  }

  private fail(msg: string): never {
    throw new TemplateError(`template: template:${this.line}: executing "template": ${msg}`);
  }

  run(nodes: Node[]): string {
    this.walk(this.data, nodes);
    return this.out;
  }

  private walk(dot: TValue, nodes: Node[]): void {
    for (const node of nodes) {
      switch (node.kind) {
        case "text":
          this.write(node.text);
          break;
        case "action": {
          const v = this.pipeline(dot, node.pipe);
          if (node.pipe.decl.length === 0) this.write(goPrint(v));
          break;
        }
        case "if":
        case "with":
          this.ifOrWith(dot, node);
          break;
        case "range":
          this.range(dot, node);
          break;
        case "break":
          throw new Break();
        case "continue":
          throw new Continue();
      }
    }
  }

  private scoped(fn: () => void): void {
    const mark = this.vars.length;
    try {
      fn();
    } finally {
      this.vars.length = mark;
    }
  }

  private ifOrWith(dot: TValue, node: Control): void {
    this.scoped(() => {
      const v = this.pipeline(dot, node.pipe);
      if (isTrue(v)) this.walk(node.kind === "with" ? v : dot, node.list);
      else if (node.elseList) this.walk(dot, node.elseList);
    });
  }

  private range(dot: TValue, node: Control): void {
    this.scoped(() => {
      const v = this.commands(dot, node.pipe);
      const decl = node.pipe.decl;
      if (typeof v === "number" && decl.length > 1)
        this.fail(`can't use ${v} to iterate over more than one variable`);
      const mark = this.vars.length;
      let empty = true;
      try {
        for (const [key, elem] of this.rangeEntries(v)) {
          empty = false;
          this.charge(1);
          if (decl.length === 1) this.bind(decl[0]!, elem, node.pipe.assign);
          if (decl.length === 2) {
            this.bind(decl[0]!, key, node.pipe.assign);
            this.bind(decl[1]!, elem, node.pipe.assign);
          }
          try {
            this.walk(elem, node.list);
          } catch (e) {
            if (!(e instanceof Continue)) throw e;
          } finally {
            this.vars.length = mark;
          }
        }
      } catch (e) {
        if (!(e instanceof Break)) throw e;
      }
      if (empty && node.elseList) this.walk(dot, node.elseList);
    });
  }

  /** [index or key, element] pairs of what range iterates: arrays, objects by key, 0..n-1. */
  private *rangeEntries(v: TValue): Generator<[TValue, TValue]> {
    if (Array.isArray(v)) yield* v.entries();
    else if (v instanceof RegoObject) yield* v.entries();
    else if (typeof v === "number" && Number.isInteger(v)) for (let i = 0; i < v; i++) yield [undefined, i];
    else if (v !== undefined && v !== null) this.fail(`range can't iterate over ${goPrint(v)}`);
  }

  private bind(name: string, value: TValue, assign: boolean): void {
    if (!assign) {
      this.vars.push({ name, value });
      return;
    }
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }

  private variable(name: string): TValue {
    for (let i = this.vars.length - 1; i >= 0; i--)
      if (this.vars[i]!.name === name) return this.vars[i]!.value;
    return this.fail(`undefined variable: ${name}`);
  }

  private pipeline(dot: TValue, pipe: Pipe): TValue {
    const v = this.commands(dot, pipe);
    for (const name of pipe.decl) this.bind(name, v, pipe.assign);
    return v;
  }

  /** The pipeline's value: each command's result is the last argument of the next. */
  private commands(dot: TValue, pipe: Pipe): TValue {
    this.line = pipe.line;
    let v: TValue;
    let hasFinal = false;
    for (const cmd of pipe.cmds) {
      v = this.command(dot, cmd, hasFinal ? [v] : []);
      hasFinal = true;
    }
    return v;
  }

  private command(dot: TValue, cmd: Operand[], final: TValue[]): TValue {
    const [first, ...rest] = cmd;
    if (first!.kind === "function") return this.call(first!.name, dot, rest, final);
    if (rest.length > 0 || final.length > 0) {
      if (first!.kind === "field" || (first!.kind === "variable" && first!.names.length > 0))
        this.fail(`${first!.names[first!.names.length - 1]} is not a method but has arguments`);
      this.fail(`can't give argument to non-function ${describe(first!)}`);
    }
    if (first!.kind === "literal" && first!.value === null) this.fail("nil is not a command");
    return this.evalOperand(dot, first!);
  }

  private evalOperand(dot: TValue, op: Operand): TValue {
    switch (op.kind) {
      case "dot":
        return dot;
      case "field":
        return this.fields(dot, op.names);
      case "variable":
        return this.fields(this.variable(op.name), op.names);
      case "pipe":
        return this.fields(this.pipeline(dot, op.pipe), op.names);
      case "literal":
        return op.value;
      case "function":
        return this.call(op.name, dot, [], []);
    }
  }

  private fields(receiver: TValue, names: string[]): TValue {
    for (const name of names) {
      if (receiver === undefined) return undefined;
      if (receiver === null) this.fail(`nil pointer evaluating interface {}.${name}`);
      if (!(receiver instanceof RegoObject))
        this.fail(`can't evaluate field ${name} in type ${goTypeName(receiver)}`);
      receiver = receiver.get(name);
    }
    return receiver;
  }

  private call(name: string, dot: TValue, argOps: Operand[], final: TValue[]): TValue {
    const lazy = argOps.map((op) => () => this.evalOperand(dot, op));
    for (const f of final) lazy.push(() => f);
    const args = () => lazy.map((f) => f());
    const arity = (n: number) => {
      if (lazy.length !== n) this.fail(`wrong number of args for ${name}: want ${n} got ${lazy.length}`);
    };
    const atLeast = (n: number) => {
      if (lazy.length < n)
        this.fail(`wrong number of args for ${name}: want at least ${n} got ${lazy.length}`);
    };
    switch (name) {
      case "and":
      case "or": {
        atLeast(1);
        let v: TValue;
        for (const f of lazy) {
          v = f();
          if (isTrue(v) === (name === "or")) return v;
        }
        return v;
      }
      case "not":
        arity(1);
        return !isTrue(lazy[0]!());
      case "len":
        arity(1);
        return this.length(lazy[0]!());
      case "index": {
        atLeast(1);
        const [item, ...keys] = args();
        return keys.reduce((acc, k) => this.index(acc, k), item);
      }
      case "eq": {
        atLeast(1);
        const [a, ...bs] = args();
        if (bs.length === 0) this.fail("missing argument for comparison");
        return bs.some((b) => this.equal(a, b));
      }
      case "ne":
        arity(2);
        return !this.equal(...(args() as [TValue, TValue]));
      case "lt":
      case "le":
      case "gt":
      case "ge": {
        arity(2);
        const [a, b] = args();
        const c = this.compare(name, a, b);
        return name === "lt" ? c < 0 : name === "le" ? c <= 0 : name === "gt" ? c > 0 : c >= 0;
      }
      case "print":
        return goSprint(args());
      default: // println
        return `${args()
          .map((a) => goPrint(a, false))
          .join(" ")}\n`;
    }
  }

  private length(v: TValue): number {
    if (typeof v === "string" || v instanceof RegoNumber) return Buffer.byteLength(text(v));
    if (Array.isArray(v)) return v.length;
    if (v instanceof RegoObject) return v.size;
    return this.fail(`error calling len: len of type ${goTypeName(v)}`);
  }

  private index(item: TValue, key: TValue): TValue {
    if (item instanceof RegoObject) {
      if (typeof key !== "string")
        this.fail(`error calling index: value has type ${goTypeName(key)}; should be string`);
      return item.get(key);
    }
    if (Array.isArray(item)) {
      if (typeof key !== "number" || !Number.isInteger(key))
        this.fail(`error calling index: cannot index slice/array with type ${goTypeName(key)}`);
      if (key < 0 || key >= item.length) this.fail(`error calling index: index out of range: ${key}`);
      return item[key];
    }
    if (item === undefined || item === null) this.fail("error calling index: index of untyped nil");
    return this.fail(`error calling index: can't index item of type ${goTypeName(item)}`);
  }

  /** Go's eq for basic kinds; a missing value equals nothing, without error. */
  private equal(a: TValue, b: TValue): boolean {
    const ka = kindOf(a);
    const kb = kindOf(b);
    if (ka === "invalid" || kb === "invalid") return false;
    if (ka === "nil" || kb === "nil") return ka === kb;
    if (ka === "slice" || ka === "map" || kb === "slice" || kb === "map")
      this.fail("error calling eq: non-comparable type");
    if (ka !== kb && !(isNumeric(ka) && isNumeric(kb)))
      this.fail("error calling eq: incompatible types for comparison");
    if (ka === "string") return text(a as string | RegoNumber) === text(b as string | RegoNumber);
    return a === b;
  }

  private compare(name: string, a: TValue, b: TValue): number {
    const ka = kindOf(a);
    const kb = kindOf(b);
    if (ka === "bool" || ka === "slice" || ka === "map" || ka === "nil" || ka === "invalid")
      this.fail(`error calling ${name}: invalid type for comparison`);
    if (ka !== kb && !(isNumeric(ka) && isNumeric(kb)))
      this.fail(`error calling ${name}: incompatible types for comparison`);
    if (ka === "string") {
      const x = text(a as string | RegoNumber);
      const y = text(b as string | RegoNumber);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return (a as number) - (b as number);
  }
}

const isNumeric = (k: Kind) => k === "int" || k === "float";

/** An operand as the template wrote it, for error messages. */
function describe(op: Operand): string {
  switch (op.kind) {
    case "literal":
      return typeof op.value === "string" ? JSON.stringify(op.value) : goPrint(op.value);
    case "dot":
      return ".";
    case "field":
      return `.${op.names.join(".")}`;
    case "variable":
      return [op.name, ...op.names].join(".");
    case "pipe":
      return "(pipeline)";
    case "function":
      return op.name;
  }
}

/**
 * Parses and executes a template with Go's text/template semantics (for the subset above);
 * `charge` is called with the output's length and once per range iteration.
 */
export function renderGoTemplate(template: string, data: Value, charge: (steps: number) => void): string {
  const nodes = new Parser(new Lexer(template).tokens).parse();
  return new Executor(data, charge).run(nodes);
}
