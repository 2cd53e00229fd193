// Rule and package annotations (METADATA comment blocks) as OPA compiles them, for
// rego.metadata.rule() and rego.metadata.chain(): each block's YAML becomes an annotation with a
// scope (rule, document, package or subpackages), and the calls are replaced by the annotation
// values of the rule they appear in, at compile time.

import { parseGoUrl, UrlParseError } from "../builtins/gourl.js";
import { parseYaml, YamlError } from "../builtins/yamlcodec.js";
import type { Location, MetadataBlock, Module, Rule, Term } from "../syntax/ast.js";
import type { RegoErrorDetail } from "../syntax/errors.js";
import { parseTermText } from "../syntax/parser.js";
import { RegoNumber, RegoObject, RegoSet, typeName, type Value } from "../value/index.js";

interface Annotation {
  scope: string;
  /** The annotation as OPA renders it for the builtins. */
  value: RegoObject;
  loc: Location;
  /** The annotated document: the package path, or the rule's path (without "data"). */
  path: string[];
}

class MetadataError extends Error {}

const goType: Record<string, string> = {
  string: "string",
  boolean: "bool",
  array: "[]string",
  object: "map[string]interface {}",
};

function field(
  doc: RegoObject,
  name: string,
  type: "string" | "boolean" | "array" | "object",
): Value | undefined {
  const v = doc.get(name);
  if (v === undefined || v === null) return undefined;
  if (typeName(v) !== type)
    throw new MetadataError(
      `json: cannot unmarshal ${typeName(v)} into Go struct field rawAnnotation.${name} of type ${goType[type]}`,
    );
  return v;
}

const trimmedString = (o: RegoObject, k: string) => {
  const v = o.get(k);
  return typeof v === "string" ? v.trim() : "";
};

/** An author: "Name <email>" or {name, email}. */
function author(v: Value): RegoObject {
  let name: string;
  let email = "";
  if (typeof v === "string") {
    const words = v.split(/\s+/).filter(Boolean);
    if (words.length === 0) throw new MetadataError("invalid author definition: author is an empty string");
    const last = words[words.length - 1]!;
    if (last.length >= 2 && last.startsWith("<") && last.endsWith(">")) {
      email = last.slice(1, -1);
      words.pop();
    }
    name = words.join(" ");
  } else if (v instanceof RegoObject) {
    name = trimmedString(v, "name");
    email = trimmedString(v, "email");
    if (name === "" && email === "")
      throw new MetadataError("invalid author definition: 'name' and/or 'email' values required in object");
  } else throw new MetadataError("invalid author definition: invalid value type, must be string or map");
  const out = new RegoObject();
  if (name !== "") out.set("name", name);
  if (email !== "") out.set("email", email);
  return out;
}

/** A related resource: a URL, or {ref, description}. */
function relatedResource(v: Value): RegoObject {
  const ref = typeof v === "string" ? v : v instanceof RegoObject ? trimmedString(v, "ref") : undefined;
  if (ref === undefined)
    throw new MetadataError("invalid related-resource definition: invalid value type, must be string or map");
  if (ref === "")
    throw new MetadataError(
      `invalid related-resource definition: ${typeof v === "string" ? "ref URL may not be empty string" : "'ref' value required in object"}`,
    );
  try {
    parseGoUrl(ref);
  } catch (e) {
    if (e instanceof UrlParseError)
      throw new MetadataError(`invalid related-resource definition: ${e.message}`);
    throw e;
  }
  const out = RegoObject.fromEntries([["ref", ref]]);
  const description = v instanceof RegoObject ? trimmedString(v, "description") : "";
  if (description !== "") out.set("description", description);
  return out;
}

function organization(v: Value): Value {
  if (typeof v !== "string")
    throw new MetadataError(
      `json: cannot unmarshal ${typeName(v)} into Go struct field rawAnnotation.organizations of type string`,
    );
  return v;
}

/** A reference such as input.x or schema.y as an array of strings. */
function refPath(text: string): string[] {
  let t: Term;
  try {
    t = parseTermText(text);
  } catch {
    throw new MetadataError("invalid document reference");
  }
  const terms = t.type === "ref" ? t.terms : [t];
  return terms.map((x) =>
    x.type === "var" ? x.name : x.type === "string" ? x.value : x.type === "number" ? x.text : "",
  );
}

function schema(v: Value): RegoObject {
  if (!(v instanceof RegoObject) || v.size !== 1) throw new MetadataError("invalid schema declaration");
  const [[k, s]] = [...v.entries()] as [[Value, Value]];
  const out = RegoObject.fromEntries([["path", refPath(String(k))]]);
  if (typeof s === "string") out.set("schema", refPath(s));
  else if (s instanceof RegoObject) out.set("definition", s);
  else throw new MetadataError(`invalid schema declaration for path "${String(k)}"`);
  return out;
}

const DEFAULT_SCOPES: Record<string, string> = { rule: "rule", package: "package", import: "import" };
const SCOPE_TARGETS: Record<string, string> = {
  rule: "rule",
  document: "rule",
  package: "package",
  subpackages: "package",
};

/** The annotation of one block, validated as OPA validates it. */
function annotation(block: MetadataBlock, module: Module): Annotation {
  if (block.yaml.trim() === "") throw new MetadataError("expected METADATA block, found whitespace");
  let doc: Value;
  try {
    doc = parseYaml(block.yaml);
  } catch (e) {
    if (e instanceof YamlError) throw new MetadataError(e.message);
    throw e;
  }
  if (!(doc instanceof RegoObject))
    throw new MetadataError(
      `json: cannot unmarshal ${typeName(doc)} into Go value of type ast.rawAnnotation`,
    );
  const entrypoint = field(doc, "entrypoint", "boolean") === true;
  const target = block.target;
  let scope = (field(doc, "scope", "string") as string | undefined) ?? "";
  if (scope === "" && target)
    scope = target.kind === "rule" && entrypoint ? "document" : DEFAULT_SCOPES[target.kind]!;
  const want = SCOPE_TARGETS[scope];
  if (want === undefined)
    throw new MetadataError(
      `invalid annotation scope '${scope}'. Use one of 'rule', 'document', 'package', or 'subpackages'`,
    );
  if (target?.kind !== want)
    throw new MetadataError(
      `annotation scope '${scope}' must be applied to ${want}${target ? ` (have ${target.kind})` : ""}`,
    );
  if (entrypoint && scope !== "document" && scope !== "package")
    throw new MetadataError(`annotation entrypoint applied to non-document or package scope '${scope}'`);

  const value = RegoObject.fromEntries([["scope", scope]]);
  for (const name of ["title", "description"]) {
    const s = field(doc, name, "string");
    if (s) value.set(name, s);
  }
  if (entrypoint) value.set("entrypoint", true);
  const lists: [string, (v: Value) => Value][] = [
    ["organizations", organization],
    ["related_resources", relatedResource],
    ["authors", author],
    ["schemas", schema],
  ];
  for (const [name, item] of lists) {
    const list = field(doc, name, "array") as Value[] | undefined;
    if (list && list.length > 0) value.set(name, list.map(item));
  }
  for (const name of ["custom", "labels"]) {
    const map = field(doc, name, "object") as RegoObject | undefined;
    if (map && map.size > 0) value.set(name, map);
  }
  const path = target?.kind === "rule" ? rulePath(target.rule, module) : module.packagePath;
  return { scope, value, loc: block.loc, path };
}

/** A rule's path: its package and the ground (string) prefix of its head. */
export function rulePath(rule: Rule, module: Module): string[] {
  const path = [...module.packagePath, (rule.head.ref[0] as { name: string }).name];
  for (const t of rule.head.ref.slice(1)) {
    if (t.type !== "string") break;
    path.push(t.value);
  }
  return path;
}

const key = (path: readonly string[]) => path.join("\u0000");
const byLocation = (a: Annotation, b: Annotation) => a.loc.row - b.loc.row || a.loc.col - b.loc.col;

/** The annotations of all modules, indexed by what they annotate. */
export class AnnotationSet {
  private readonly byRule = new Map<Rule, Annotation[]>();
  private readonly byPackage = new Map<string, Annotation>();
  /** document annotations by rule path, subpackages annotations by package path */
  private readonly byPath = new Map<string, Annotation>();

  constructor(modules: readonly Module[], errors: RegoErrorDetail[]) {
    for (const m of modules) {
      for (const block of m.metadata) {
        try {
          this.add(annotation(block, m), block);
        } catch (e) {
          if (!(e instanceof MetadataError)) throw e;
          errors.push({ code: "rego_parse_error", message: e.message, location: block.loc });
        }
      }
    }
  }

  private add(a: Annotation, block: MetadataBlock): void {
    const redeclared = (prev: Annotation) =>
      new MetadataError(`${a.scope} annotation redeclared: ${prev.loc.file}:${prev.loc.row}`);
    if (a.scope === "rule" && block.target?.kind === "rule") {
      const list = this.byRule.get(block.target.rule) ?? [];
      list.push(a);
      this.byRule.set(block.target.rule, list);
    } else if (a.scope === "package") {
      const prev = this.byPackage.get(key(a.path));
      if (prev) throw redeclared(prev);
      this.byPackage.set(key(a.path), a);
    } else {
      const prev = this.byPath.get(key(a.path));
      if (prev) throw redeclared(prev);
      this.byPath.set(key(a.path), a);
    }
  }

  /** rego.metadata.rule(): the rule's topmost rule-scope annotation, or {}. */
  ruleValue(rule: Rule): Value {
    const [first] = [...(this.byRule.get(rule) ?? [])].sort(byLocation);
    return first?.value ?? new RegoObject();
  }

  /**
   * rego.metadata.chain(): the rule's own annotations (closest first, or just its path), then
   * its document's, its package's, and those of enclosing packages (innermost first).
   */
  chainValue(rule: Rule, module: Module): Value {
    const link = (path: string[], a?: Annotation) => {
      const entry = RegoObject.fromEntries([["path", path]]);
      if (a) entry.set("annotations", a.value);
      return entry;
    };
    const own = [...(this.byRule.get(rule) ?? [])].sort((a, b) => byLocation(b, a));
    const path = rulePath(rule, module);
    const chain = own.length > 0 ? own.map((a) => link(a.path, a)) : [link(path)];
    const doc = this.byPath.get(key(path));
    if (doc) chain.push(link(doc.path, doc));
    const pkg = this.byPackage.get(key(module.packagePath));
    if (pkg) chain.push(link(pkg.path, pkg));
    for (let n = module.packagePath.length; n > 0; n--) {
      const sub = this.byPath.get(key(module.packagePath.slice(0, n)));
      if (sub) chain.push(link(sub.path, sub));
    }
    return chain;
  }
}

/** A literal term for a value (what the calls are replaced by). */
export function literalTerm(v: Value, loc: Location): Term {
  if (v === null) return { type: "null", loc };
  if (typeof v === "boolean") return { type: "boolean", value: v, loc };
  if (typeof v === "string") return { type: "string", value: v, loc };
  if (v instanceof RegoNumber) return { type: "number", text: v.toString(), loc };
  if (Array.isArray(v)) return { type: "array", items: v.map((x) => literalTerm(x, loc)), loc };
  if (v instanceof RegoSet) return { type: "set", items: v.values().map((x) => literalTerm(x, loc)), loc };
  return { type: "object", entries: [...v].map(([k, x]) => [literalTerm(k, loc), literalTerm(x, loc)]), loc };
}
