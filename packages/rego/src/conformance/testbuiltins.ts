// Builtins that only OPA's test harness defines (v1/topdown/topdown_test.go), registered by the
// conformance runner and never by the engine itself.

import { GoDurationError, parseGoDuration } from "../builtins/duration.js";
import { type BuiltinDef, registerBuiltins } from "../builtins/registry.js";
import { RegoEvalLimitError } from "../eval/errors.js";

const waiter = new Int32Array(new SharedArrayBuffer(4));

function sleepMs(ms: number): void {
  if (ms > 0) Atomics.wait(waiter, 0, 0, ms);
}

/** test.sleep("10ms"): blocks for a Go duration, but never past the evaluation's deadline. */
const testSleep: BuiltinDef = {
  name: "test.sleep",
  arity: 1,
  impl: ([d], ctx) => {
    let ms = 0;
    try {
      ms = typeof d === "string" ? Number(parseGoDuration(d)) / 1e6 : 0;
    } catch (e) {
      if (!(e instanceof GoDurationError)) throw e; // like the harness, a bad duration sleeps 0
    }
    const left = ctx.deadline - Date.now();
    if (ms > left) {
      sleepMs(left);
      throw new RegoEvalLimitError("timeout", "evaluation exceeded its time budget");
    }
    sleepMs(ms);
    return null;
  },
};

let registered = false;

export function registerTestBuiltins(): void {
  if (registered) return;
  registered = true;
  registerBuiltins([testSleep]);
}
