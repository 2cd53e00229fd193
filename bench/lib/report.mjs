// Prints a benchmark's table and writes its JSON result to bench/results/<name>.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "results");

/** Formats rows (arrays of cells) under a header as an aligned plain-text table. */
export function formatTable(columns, rows) {
  const cells = [columns, ...rows.map((row) => row.map((cell) => String(cell)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
  return [line(cells[0]), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join(
    "\n",
  );
}

/** Prints `result.title`, its table and notes, and saves the whole result as JSON. */
export function report(name, result) {
  console.log(`\n## ${name}: ${result.title}\n`);
  console.log(formatTable(result.columns, result.rows));
  for (const note of result.notes ?? []) console.log(`\n${note}`);
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${name}.json`);
  const machine = { node: process.version, platform: `${process.platform}-${process.arch}` };
  writeFileSync(
    file,
    `${JSON.stringify({ name, measuredAt: new Date().toISOString(), machine, ...result }, null, 2)}\n`,
  );
  console.log(`\n(written to ${file})`);
}

export const fmt = {
  ns: (v) =>
    v >= 1e6 ? `${(v / 1e6).toFixed(2)} ms` : v >= 1e3 ? `${(v / 1e3).toFixed(2)} µs` : `${v.toFixed(0)} ns`,
  ms: (v) => `${v.toFixed(2)} ms`,
  rate: (v) =>
    v >= 1e6 ? `${(v / 1e6).toFixed(2)} M/s` : v >= 1e3 ? `${(v / 1e3).toFixed(1)} k/s` : `${v.toFixed(1)}/s`,
  ratio: (v) => `${v.toFixed(1)}×`,
};
