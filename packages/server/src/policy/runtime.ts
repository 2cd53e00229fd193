/**
 * The compiled policy set of this instance and everything evaluated against it. The set is an
 * immutable snapshot replaced in one assignment, so an evaluation never sees half a reload.
 */
import { createHash } from "node:crypto";
import type { Logger } from "pino";
import { AppError } from "../errors.js";
import { combineAllow, combineRouting, isApproverTier } from "./combine.js";
import { type PolicyEngine, type PolicyProgram, PolicyCompileError } from "./engine.js";
import { type CompiledPolicy, type EvaluationPurpose, errorMessage, evaluatePolicy } from "./evaluate.js";
import type { PolicyInput } from "./input.js";
import { packageMismatch } from "./package-check.js";
import type { ApproverTier, Decision, PolicyAnswer, PolicyType, Routing } from "./types.js";

/** A stored policy as the runtime needs it. */
export interface PolicySource {
  readonly id: string;
  readonly name: string;
  readonly type: PolicyType;
  readonly rego: string;
  readonly enabled: boolean;
}

export interface SkippedPolicy {
  readonly name: string;
  readonly error: string;
}

export interface PolicyMetrics {
  /** One policy set evaluated for `type`; `seconds` of wall time. */
  evaluated(type: PolicyType, outcome: "allow" | "deny" | "error", seconds: number): void;
}

export interface PolicyRuntimeOptions {
  readonly engine: PolicyEngine;
  readonly evalTimeoutMs: number;
  readonly log: Logger;
  readonly metrics?: PolicyMetrics;
}

export interface Evaluation {
  readonly decision: Decision;
  readonly answers: readonly PolicyAnswer[];
}

export interface DryRunResult {
  readonly allowed: boolean;
  readonly reason: string;
  readonly approver_tier: ApproverTier | null;
  readonly results: readonly {
    policy: string;
    allowed: boolean;
    reason: string | null;
    approver_tier: ApproverTier | null;
  }[];
}

interface CompiledEntry extends CompiledPolicy {
  readonly sourceHash: string;
}

interface CompiledSet {
  readonly byType: Readonly<Record<PolicyType, readonly CompiledEntry[]>>;
  readonly skipped: readonly SkippedPolicy[];
}

const EMPTY_SET: CompiledSet = { byType: { eligibility: [], approval: [] }, skipped: [] };

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export class PolicyRuntime {
  #set: CompiledSet = EMPTY_SET;
  #loaded = false;
  readonly #opts: PolicyRuntimeOptions;

  constructor(opts: PolicyRuntimeOptions) {
    this.#opts = opts;
  }

  /**
   * Compiles one module for its type: package check, then the engine. Throws `policy_error` (422)
   * naming the line and column, which is what `POST /policies` answers when a policy is refused.
   */
  compile(name: string, type: PolicyType, rego: string): PolicyProgram {
    const mismatch = packageMismatch(type, rego);
    if (mismatch) throw new AppError("policy_error", `policy "${name}": ${mismatch}`);
    try {
      return this.#opts.engine.compile(`${name}.rego`, rego);
    } catch (err) {
      if (err instanceof PolicyCompileError) {
        throw new AppError("policy_error", `policy "${name}" does not compile: ${err.message}`, {
          cause: err,
        });
      }
      throw err;
    }
  }

  /**
   * Replaces the set with the enabled policies among `sources`. A policy that no longer compiles
   * is skipped and reported; the rest load. Unchanged sources reuse their compiled program.
   */
  load(sources: readonly PolicySource[]): { loaded: number; skipped: readonly SkippedPolicy[] } {
    const previous = new Map<string, CompiledEntry>();
    for (const list of Object.values(this.#set.byType)) for (const e of list) previous.set(e.id, e);

    const byType: Record<PolicyType, CompiledEntry[]> = { eligibility: [], approval: [] };
    const skipped: SkippedPolicy[] = [];
    const enabled = sources.filter((s) => s.enabled).sort((a, b) => compareNames(a.name, b.name));
    for (const s of enabled) {
      const sourceHash = sha256Hex(s.rego);
      const reuse = previous.get(s.id);
      if (reuse && reuse.sourceHash === sourceHash && reuse.name === s.name && reuse.type === s.type) {
        byType[s.type].push(reuse);
        continue;
      }
      try {
        const program = this.compile(s.name, s.type, s.rego);
        byType[s.type].push({ id: s.id, name: s.name, type: s.type, program, sourceHash });
      } catch (err) {
        const error = err instanceof AppError ? err.detail : errorMessage(err);
        skipped.push({ name: s.name, error });
        this.#opts.log.error({ policy: s.name, err: error }, "stored policy skipped: it does not compile");
      }
    }
    this.#set = { byType, skipped };
    this.#loaded = true;
    return { loaded: byType.eligibility.length + byType.approval.length, skipped };
  }

  /** Whether a set has been loaded at least once (readiness). */
  get ready(): boolean {
    return this.#loaded;
  }

  get skipped(): readonly SkippedPolicy[] {
    return this.#set.skipped;
  }

  /** May this request be submitted? `input.user` is the requester. */
  eligibility(input: PolicyInput): Evaluation {
    return this.#decide("eligibility", this.#set.byType.eligibility, input);
  }

  /** May `input.user` approve? Never decides self-approval: the workflow forbids that first. */
  approval(input: PolicyInput): Evaluation {
    return this.#decide("approval", this.#set.byType.approval, input);
  }

  /** Approval route at submission; problems in policies' answers are logged as policy errors. */
  routing(input: PolicyInput): Routing {
    const answers = this.#answers("approval", this.#set.byType.approval, input, "routing");
    const { routing, problems } = combineRouting(answers);
    for (const p of problems) this.#opts.log.error({ policy: p.policy, problem: p.problem }, "policy_error");
    return routing;
  }

  /**
   * Dry-run (`POST /policies:eval`): the stored set of `type`, or only the unsaved `rego` source,
   * against a caller-supplied input.
   */
  dryRun(type: PolicyType, input: unknown, rego?: string): DryRunResult {
    const policies: readonly CompiledPolicy[] =
      rego === undefined
        ? this.#set.byType[type]
        : [{ id: "unsaved", name: "unsaved", type, program: this.compile("unsaved", type, rego) }];
    const answers = this.#answers(type, policies, input, "all");
    const decision = combineAllow(type, answers);
    return {
      allowed: decision.allowed,
      reason: decision.reason,
      approver_tier: type === "approval" ? combineRouting(answers).routing.approverTier : null,
      results: answers.map((a) => ({
        policy: a.policy,
        allowed: a.allowed,
        reason: a.error === undefined ? a.reason : `evaluation failed: ${a.error}`,
        approver_tier: isApproverTier(a.approverTier) ? a.approverTier : null,
      })),
    };
  }

  #decide(type: PolicyType, policies: readonly CompiledPolicy[], input: unknown): Evaluation {
    const answers = this.#answers(type, policies, input, "decision");
    return { decision: combineAllow(type, answers), answers };
  }

  #answers(
    type: PolicyType,
    policies: readonly CompiledPolicy[],
    input: unknown,
    purpose: EvaluationPurpose,
  ): PolicyAnswer[] {
    const started = performance.now();
    const answers = policies.map((p) => evaluatePolicy(p, input, this.#opts.evalTimeoutMs, purpose));
    let failed = false;
    for (const a of answers) {
      if (a.error === undefined) continue;
      failed = true;
      this.#opts.log.error({ policy: a.policy, err: a.error }, "policy evaluation failed; treated as deny");
    }
    const outcome = failed ? "error" : answers.some((a) => a.allowed) ? "allow" : "deny";
    this.#opts.metrics?.evaluated(type, outcome, (performance.now() - started) / 1000);
    return answers;
  }
}

/** Byte order of names, so "reasons ordered by name" means the same on every machine. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
