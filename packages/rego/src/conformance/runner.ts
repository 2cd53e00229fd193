// Runs OPA's YAML conformance cases the way OPA's harness does (v1/topdown/exported_test.go):
// modules named test-<i>.rego, v0/ with the v0 parser and v1/ with v1, result rows compared as a set
// after a JSON round trip, sort_bindings, ignore_generated_vars, want_error substrings and codes.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import YAML from "yaml";
import { compile, termValue } from "../api.js";
import { lookupBuiltin } from "../builtins/registry.js";
import { RegoEvalError } from "../eval/errors.js";
import { RegoCompileError } from "../syntax/errors.js";
import { parseTermText } from "../syntax/parser.js";
import { registerTestBuiltins } from "./testbuiltins.js";
import {
  compareValues,
  fromJSON,
  RegoObject,
  RegoSet,
  toJSON,
  type Value,
  valuesEqual,
} from "../value/index.js";

registerTestBuiltins();

/**
 * Builtins left out on purpose (their cases are skipped). See the README for the reasons: they
 * reach outside the process, or their results are Go data structures and error texts of Go
 * libraries that no JS library reproduces.
 */
export const ABSENT_BUILTINS: readonly string[] = [
  // outside the process
  "http.send",
  "net.lookup_ip_addr",
  // Go's x509 structs (crypto/x509.Certificate, CertificateRequest, tls.Certificate) as JSON
  "crypto.x509.parse_certificates",
  "crypto.x509.parse_and_verify_certificates",
  "crypto.x509.parse_and_verify_certificates_with_options",
  "crypto.x509.parse_certificate_request",
  "crypto.x509.parse_keypair",
  // gqlparser's AST and error texts
  "graphql.parse",
  "graphql.parse_and_verify",
  "graphql.parse_query",
  "graphql.parse_schema",
  "graphql.is_valid",
  "graphql.schema_is_valid",
  // gojsonschema's results and error texts
  "json.verify_schema",
  "json.match_schema",
  // OPA's AST JSON
  "rego.parse_module",
];

export interface TestCase {
  note: string;
  query: string;
  modules?: string[];
  data?: unknown;
  input?: unknown;
  input_term?: string;
  want_result?: Record<string, unknown>[];
  want_error?: string;
  want_error_code?: string;
  strict_error?: boolean;
  sort_bindings?: boolean;
  ignore_generated_vars?: boolean;
}

export interface CaseResult {
  syntax: "v0" | "v1";
  file: string;
  index: number;
  note: string;
  topic: string;
  category: string;
  status: "pass" | "fail" | "skip";
  reason?: string;
  ms: number;
}

export interface RunOptions {
  filter?: string;
  timeoutMs?: number;
}

interface CategoryRow {
  category: string;
  builtins: string[];
}

function loadCategories(root: string): Map<string, CategoryRow> {
  const out = new Map<string, CategoryRow>();
  let text: string;
  try {
    text = readFileSync(join(root, "categories.tsv"), "utf8");
  } catch {
    return out;
  }
  for (const line of text.split("\n").slice(1)) {
    const cols = line.split("\t");
    if (cols.length < 7) continue;
    out.set(`${cols[1]}#${cols[2]}`, {
      category: cols[6],
      builtins: (cols[7] ?? "").split(/[ ,]+/).filter(Boolean),
    });
  }
  return out;
}

function listYaml(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listYaml(p));
    else if (name.endsWith(".yaml") || name.endsWith(".yml")) out.push(p);
  }
  return out;
}

/** Runs every case under root/v0 and root/v1. */
export function runSuite(root: string, options: RunOptions = {}): CaseResult[] {
  const categories = loadCategories(root);
  const results: CaseResult[] = [];
  for (const syntax of ["v0", "v1"] as const) {
    let files: string[];
    try {
      files = listYaml(join(root, syntax));
    } catch {
      continue;
    }
    for (const file of files) {
      const rel = relative(root, file);
      const doc = YAML.parse(readFileSync(file, "utf8"), { version: "1.1", intAsBigInt: true }) as {
        cases?: TestCase[];
      };
      const topic = rel.split("/")[1] ?? "";
      for (const [index, c] of (doc.cases ?? []).entries()) {
        if (
          options.filter &&
          !`${syntax}/${c.note}`.includes(options.filter) &&
          !rel.includes(options.filter)
        )
          continue;
        const cat = categories.get(`${rel}#${index}`);
        const start = performance.now();
        const r = runCase(c, syntax, cat?.builtins ?? [], options);
        results.push({
          syntax,
          file: rel,
          index,
          note: c.note,
          topic,
          category: cat?.category ?? "unknown",
          status: r.status,
          reason: r.reason,
          ms: performance.now() - start,
        });
      }
    }
  }
  return results;
}

function absentBuiltinUsed(c: TestCase, listed: string[]): string | undefined {
  const text = `${(c.modules ?? []).join("\n")}\n${c.query}`;
  for (const name of new Set([...listed, ...ABSENT_BUILTINS])) {
    if (!ABSENT_BUILTINS.includes(name) || lookupBuiltin(name)) continue;
    if (text.includes(`${name}(`) || text.includes(`${name} `)) return name;
  }
  return undefined;
}

export function runCase(
  c: TestCase,
  syntax: "v0" | "v1",
  builtins: string[],
  options: RunOptions = {},
): { status: "pass" | "fail" | "skip"; reason?: string } {
  const absent = absentBuiltinUsed(c, builtins);
  if (absent) return { status: "skip", reason: `uses ${absent}, absent on purpose` };
  try {
    const policy = compile(
      (c.modules ?? []).map((source, i) => ({ name: `test-${i}.rego`, source })),
      { regoVersion: syntax },
    );
    const inputValue =
      c.input_term !== undefined
        ? termValue(parseTermText(c.input_term))
        : c.input !== undefined
          ? fromJSON(c.input)
          : undefined;
    const outcome = policy.evalValues(c.query, {
      inputValue,
      dataValue: fromJSON(c.data ?? {}),
      strictBuiltinErrors: c.strict_error === true,
      timeoutMs: options.timeoutMs ?? 5000,
    });
    if (c.want_error !== undefined || c.want_error_code !== undefined) {
      return {
        status: "fail",
        reason: `expected error ${c.want_error_code ?? ""} ${c.want_error ?? ""}, got ${outcome.results.length} result(s)`,
      };
    }
    if (c.want_result === undefined) return { status: "fail", reason: "case has no expectation" };
    const got = RegoSet.of();
    for (const row of outcome.results) {
      const entries: [Value, Value][] = [];
      for (const [name, v] of row.bindings) {
        if (c.ignore_generated_vars && name.startsWith("__localq")) continue;
        let jv = fromJSON(toJSON(v));
        if (c.sort_bindings && Array.isArray(jv)) jv = [...jv].sort(compareValues);
        entries.push([name, jv]);
      }
      got.add(RegoObject.fromEntries(entries));
    }
    const want = RegoSet.of(...c.want_result.map((r) => fromJSON(r ?? {})));
    if (valuesEqual(got, want)) return { status: "pass" };
    return { status: "fail", reason: `want ${short(toJSON(want))}, got ${short(toJSON(got))}` };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (c.want_error === undefined && c.want_error_code === undefined) {
      return { status: "fail", reason: `unexpected error: ${message.replaceAll("\n", " | ")}` };
    }
    if (c.want_error_code !== undefined) {
      const code = e instanceof RegoEvalError ? e.code : undefined;
      if (code !== c.want_error_code)
        return { status: "fail", reason: `want code ${c.want_error_code}, got: ${message}` };
    }
    if (c.want_error !== undefined && !message.includes(c.want_error)) {
      return {
        status: "fail",
        reason: `want error containing ${JSON.stringify(c.want_error)}, got: ${message}`,
      };
    }
    if (!(e instanceof RegoEvalError) && !(e instanceof RegoCompileError))
      return { status: "fail", reason: `crash: ${message}` };
    return { status: "pass" };
  }
}

function short(x: unknown): string {
  const s = JSON.stringify(x, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

export interface Tally {
  pass: number;
  fail: number;
  skip: number;
}

export function tally(results: readonly CaseResult[], key: (r: CaseResult) => string): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const r of results) {
    const k = key(r);
    const t = out.get(k) ?? { pass: 0, fail: 0, skip: 0 };
    out.set(k, t);
    t[r.status]++;
  }
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function rate(t: Tally): string {
  const n = t.pass + t.fail;
  return n === 0 ? "n/a" : `${((100 * t.pass) / n).toFixed(1)}%`;
}
