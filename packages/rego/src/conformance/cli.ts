#!/usr/bin/env node
// npm run conformance -w @jitsudo/rego -- [path] [--json report.json] [--filter substring] [--failures]
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { formatReport } from "./report.js";
import { ABSENT_BUILTINS, runSuite } from "./runner.js";

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, "utf8")).workspaces) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

export function defaultSuiteDir(): string {
  return process.env.OPA_CONFORMANCE_DIR ?? resolve(repoRoot(), "../shared/opa-conformance");
}

function main(argv: string[]): number {
  let dir: string | undefined;
  let json: string | undefined;
  let filter: string | undefined;
  let showFailures = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") json = argv[++i];
    else if (a === "--filter") filter = argv[++i];
    else if (a === "--no-failures") showFailures = false;
    else if (a === "--help" || a === "-h") {
      process.stdout.write(
        "usage: conformance [path] [--json report.json] [--filter substring] [--no-failures]\n",
      );
      return 0;
    } else dir = a;
  }
  const root = resolve(dir ?? defaultSuiteDir());
  if (!existsSync(root)) {
    process.stderr.write(`conformance suite not found at ${root} (pass a path or set OPA_CONFORMANCE_DIR)\n`);
    return 2;
  }
  const start = Date.now();
  const results = runSuite(root, { filter });
  if (showFailures) {
    const failed = results.filter((r) => r.status === "fail");
    if (failed.length > 0) {
      process.stdout.write("failures:\n");
      for (const r of failed)
        process.stdout.write(`  ${r.syntax}/${r.note} [${r.file}#${r.index}]: ${r.reason}\n`);
      process.stdout.write("\n");
    }
  }
  process.stdout.write(`${formatReport(results)}\n`);
  process.stdout.write(
    `\n${results.length} cases in ${((Date.now() - start) / 1000).toFixed(1)} s; absent builtins: ${ABSENT_BUILTINS.length}\n`,
  );
  if (json) {
    writeFileSync(json, JSON.stringify({ suite: root, results }, null, 2));
    process.stdout.write(`report written to ${json}\n`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
