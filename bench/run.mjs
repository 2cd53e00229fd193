#!/usr/bin/env node
// Runs the benchmarks: `npm run bench` (all), `npm run bench -- <name> [--quick]`.
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { report } from "./lib/report.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const wanted = args.filter((a) => !a.startsWith("--"));
const available = readdirSync(here).filter(
  (entry) => !["lib", "results"].includes(entry) && statSync(join(here, entry)).isDirectory(),
);

const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark: ${unknown.join(", ")} (available: ${available.join(", ")})`);
  process.exit(2);
}

for (const name of wanted.length > 0 ? wanted : available) {
  const bench = await import(pathToFileURL(join(here, name, "index.mjs")).href);
  report(name, await bench.run({ quick }));
}
