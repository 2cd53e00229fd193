/** The policy engine backed by `@jitsudo/rego`: each module compiled on its own, `regoVersion: "auto"`. */
import { compile, RegoCompileError } from "@jitsudo/rego";
import { type PolicyEngine, PolicyCompileError, type PolicyProgram } from "./engine.js";

export const regoEngine: PolicyEngine = {
  compile(file: string, source: string): PolicyProgram {
    let policy: ReturnType<typeof compile>;
    try {
      policy = compile([{ name: file, source }], { regoVersion: "auto" });
    } catch (err) {
      if (!(err instanceof RegoCompileError)) throw err;
      const first = err.errors[0]?.location;
      const where = (l: { file: string; row: number; col: number } | undefined) =>
        l ? `${l.file}:${l.row}:${l.col}: ` : "";
      const message = err.errors.map((e) => `${where(e.location)}${e.code}: ${e.message}`).join("; ");
      throw new PolicyCompileError(message, first);
    }
    return {
      evalRule: (ref, input, timeoutMs) => policy.evalRule(ref, input, { timeoutMs }),
    };
  },
};
