import { type CaseResult, rate, type Tally, tally } from "./runner.js";

function row(name: string, t: Tally): string {
  return `${name.padEnd(44)} ${String(t.pass).padStart(5)} ${String(t.fail).padStart(5)} ${String(t.skip).padStart(5)} ${rate(t).padStart(7)}`;
}

export function formatReport(results: readonly CaseResult[]): string {
  const lines: string[] = [];
  lines.push(
    `${"topic".padEnd(44)} ${"pass".padStart(5)} ${"fail".padStart(5)} ${"skip".padStart(5)} ${"rate".padStart(7)}`,
  );
  for (const [k, t] of tally(results, (r) => `${r.syntax}/${r.topic}`)) lines.push(row(k, t));
  lines.push("", "by category:");
  for (const [k, t] of tally(results, (r) => `${r.syntax} ${r.category}`)) lines.push(row(k, t));
  for (const [k, t] of tally(results, (r) => `all ${r.category}`)) lines.push(row(k, t));
  lines.push("");
  const all = tally(results, () => "overall").get("overall") ?? { pass: 0, fail: 0, skip: 0 };
  lines.push(row("overall", all));
  const skipped = tally(
    results.filter((r) => r.status === "skip"),
    (r) => r.reason ?? "",
  );
  if (skipped.size > 0) {
    lines.push("", "skipped (builtins absent on purpose):");
    for (const [k, t] of skipped) lines.push(`  ${k}: ${t.skip}`);
  }
  return lines.join("\n");
}
