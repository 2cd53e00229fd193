// rego-eval: parse+compile time and evaluations per second of access policies in @jitsudo/rego,
// next to a hand-written JavaScript function computing the same decision (the floor).
import { compile } from "@jitsudo/rego";
import { fmt } from "../lib/report.mjs";
import { measureOps, timeOnce } from "../lib/measure.mjs";
import { benchmarkPolicies, sampleInput } from "./policies.mjs";

export async function run({ quick }) {
  const options = quick
    ? { samples: 3, sampleMs: 60, warmupMs: 60 }
    : { samples: 7, sampleMs: 250, warmupMs: 250 };
  const rows = [];
  const measurements = [];
  for (const policy of benchmarkPolicies) {
    const modules = [{ name: "policy.rego", source: policy.source }];
    const compileRuns = [];
    for (let i = 0; i < (quick ? 5 : 20); i++) compileRuns.push((await timeOnce(() => compile(modules))).ms);
    compileRuns.sort((a, b) => a - b);
    const compiled = compile(modules);

    const expected = policy.native(sampleInput);
    const actual = compiled.evalRule(policy.query, sampleInput);
    if (actual !== expected) {
      throw new Error(
        `${policy.name}: engine answered ${JSON.stringify(actual)}, the native function ${JSON.stringify(expected)}`,
      );
    }

    const engine = measureOps(() => compiled.evalRule(policy.query, sampleInput), options);
    const floor = measureOps(() => policy.native(sampleInput), options);
    const compileMs = compileRuns[Math.floor(compileRuns.length / 2)];
    measurements.push({ policy: policy.name, compileMs, engine, floor });
    rows.push([
      policy.name,
      fmt.ms(compileMs),
      fmt.ns(engine.nsPerOp),
      fmt.rate(engine.opsPerSec),
      fmt.ns(floor.nsPerOp),
      fmt.ratio(engine.nsPerOp / floor.nsPerOp),
    ]);
  }
  return {
    title: "policy compile time and evaluation speed (evalRule with a typical input document)",
    columns: ["policy", "compile", "eval", "evals/s", "floor (native JS)", "eval / floor"],
    rows,
    notes: ["Target (issue 2): a typical eligibility decision under 20 µs per evaluation."],
    measurements,
  };
}
