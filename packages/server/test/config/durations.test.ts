import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../src/config/index.js";
import { devConfig, problemAt, problemsOf, serveConfig } from "./helpers.js";

describe("parseDuration", () => {
  it.each([
    ["100ms", 100],
    ["30s", 30_000],
    ["5m", 300_000],
    ["4h", 14_400_000],
    ["1h30m", 5_400_000],
    ["1d", 86_400_000],
    ["1d12h", 129_600_000],
    ["2h45m30s500ms", 9_930_500],
    ["0s", 0],
  ])("reads %s as %d ms", (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: ms });
  });

  it.each([
    ["", "must not be empty"],
    ["30", "has no unit; write 30s, 30m or 30h"],
    ["-5m", "is negative"],
    ["1.5h", "use whole numbers"],
    ["5x", 'unexpected "5x"'],
    ["5M", 'unexpected "5M"'],
    ["1 h", "unexpected"],
    ["h", "unexpected"],
    ["30m1h", "largest first"],
    ["5m5m", "largest first"],
    ["99999999999999999d", "too long"],
  ])("refuses %j", (text, reason) => {
    const parsed = parseDuration(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? "" : parsed.reason).toContain(reason);
  });

  it.each(["100ms", "30s", "5m", "1h30m", "1d12h", "2h45m30s500ms"])("formats %s back to itself", (text) => {
    const parsed = parseDuration(text);
    expect(parsed.ok && formatDuration(parsed.value)).toBe(text);
  });
});

describe("durations in the configuration", () => {
  it("are milliseconds in the typed result", () => {
    const config = devConfig({
      workflow: { max_duration: "4h", pending_ttl: "1d" },
      policy: { eval_timeout: "250ms" },
    });
    expect(config.workflow.maxDurationMs).toBe(4 * 3_600_000);
    expect(config.workflow.pendingTtlMs).toBe(86_400_000);
    expect(config.policy.evalTimeoutMs).toBe(250);
  });

  it("refuses a bare YAML number, naming the key", () => {
    const problem = problemAt(
      problemsOf(() => devConfig({ workflow: { pending_ttl: 30 } })),
      "workflow.pending_ttl",
    );
    expect(problem.message).toBe("30 has no unit; write a duration with a unit, e.g. 30s or 30m");
  });

  it("refuses zero where waiting no time makes no sense, and allows it for grant_wait", () => {
    const problem = problemAt(
      problemsOf(() => devConfig({ policy: { reload_interval: "0s" } })),
      "policy.reload_interval",
    );
    expect(problem.message).toContain("must be longer than zero");
    expect(devConfig({ workflow: { grant_wait: "0s" } }).workflow.grantWaitMs).toBe(0);
  });

  it("refuses a negative duration", () => {
    const problem = problemAt(
      problemsOf(() => devConfig({ workflow: { grant_wait: "-10s" } })),
      "workflow.grant_wait",
    );
    expect(problem.message).toContain("negative");
  });

  it("keeps workflow.max_duration at least a minute and in whole seconds", () => {
    const problems = problemsOf(() => devConfig({ workflow: { max_duration: "59s" } }));
    expect(problemAt(problems, "workflow.max_duration").message).toBe("must be at least 1m");
    const fraction = problemsOf(() => devConfig({ workflow: { max_duration: "1m500ms" } }));
    expect(problemAt(fraction, "workflow.max_duration").message).toBe("must be a whole number of seconds");
    expect(devConfig({ workflow: { max_duration: "1m" } }).workflow.maxDurationMs).toBe(60_000);
  });

  it("caps the AWS provider's max_duration at STS's 12 hours", () => {
    const aws = { role_arn_template: "arn:aws:iam::{scope}:role/jitsudo-{role}" };
    const problems = problemsOf(() => serveConfig({ providers: { aws: { ...aws, max_duration: "13h" } } }));
    expect(problemAt(problems, "providers.aws.max_duration").message).toBe("must be at most 12h");
    expect(
      serveConfig({ providers: { aws: { ...aws, max_duration: "12h" } } }).providers.aws?.maxDurationMs,
    ).toBe(12 * 3_600_000);
  });
});
