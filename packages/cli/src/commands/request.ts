/** `jitsudo request`: submit, say what happened, and with `--wait` follow the request until it settles. */
import type { ElevationRequest } from "@jitsudo/client";
import type { Context } from "../context.js";
import { formatDuration, parseDuration } from "../duration.js";
import { CliError } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import { parseMetadata } from "../metadata.js";
import { type Palette, paintState } from "../output/color.js";
import { formatTime } from "../output/time.js";
import { waitForAccess } from "../wait-for-access.js";

interface RequestOptions {
  provider: string;
  role: string;
  scope: string;
  duration: string;
  reason?: string;
  breakGlass?: boolean;
  metadata?: string[];
  wait?: boolean;
  timeout: string;
}

export async function run(ctx: Context, _args: string[], opts: RequestOptions): Promise<number> {
  const durationSeconds = parseDuration(opts.duration, "--duration");
  const timeoutMs = parseDuration(opts.timeout, "--timeout") * 1000;
  const client = await ctx.client();
  const { printer } = ctx;
  const submitted = await client.submitRequest({
    provider: opts.provider,
    role: opts.role,
    resource_scope: opts.scope,
    duration_seconds: durationSeconds,
    reason: opts.reason ?? "",
    break_glass: opts.breakGlass === true,
    metadata: parseMetadata(opts.metadata),
  });

  if (!opts.wait) {
    await printer.emit({
      document: submitted,
      quiet: () => submitted.id,
      human: () => submissionLines(submitted, printer.palette),
    });
    return submitted.state === "FAILED" ? EXIT.failure : EXIT.ok;
  }

  if (printer.human) await printer.out(submissionLines(submitted, printer.palette));
  const outcome = await waitForAccess(client, submitted, timeoutMs, async (next) => {
    if (printer.human) await printer.out(changeLine(next, printer.palette));
  });
  const final = outcome.request;
  await printer.data(final, () => final.id);
  if (final.state === "ACTIVE") return EXIT.ok;
  if (outcome.timedOut) {
    throw new CliError(
      `gave up waiting after ${formatDuration(timeoutMs / 1000)}: request ${final.id} is still ${final.state}`,
      EXIT.noAccess,
      `check later: jitsudo status ${final.id}`,
    );
  }
  throw new CliError(
    `request ${final.id} ended ${final.state} without access${endReason(final)}`,
    EXIT.noAccess,
  );
}

/** What a submission led to, in the words of spec 06. */
function submissionLines(r: ElevationRequest, palette: Palette): string {
  const until = r.expires_at ? ` — active until ${formatTime(r.expires_at)}` : "";
  switch (r.state) {
    case "ACTIVE":
      return r.break_glass
        ? palette.yellow(`⚠ Break-glass access granted (ID: ${r.id})${until}; alerts sent`)
        : `${palette.green("✓")} Request approved by policy (ID: ${r.id})${until}`;
    case "APPROVED":
      return `${palette.green("✓")} Request approved (ID: ${r.id}) — the grant is being issued (jitsudo status ${r.id})`;
    case "FAILED":
      return `${palette.red("✗")} Request ${r.id} FAILED${r.last_error ? `: ${r.last_error}` : ""}`;
    default: {
      const approvers = r.approver_groups?.length ? ` — approvers: ${r.approver_groups.join(", ")}` : "";
      const waiting = r.approver_tier === "ai_review" ? "⏳ Awaiting AI review" : "⏳ Awaiting approval";
      return `${palette.green("✓")} Request submitted (ID: ${r.id})\n${waiting}${approvers}`;
    }
  }
}

function changeLine(r: ElevationRequest, palette: Palette): string {
  const until = r.state === "ACTIVE" && r.expires_at ? ` — active until ${formatTime(r.expires_at)}` : "";
  return `→ ${paintState(palette, r.state)}${until}${endReason(r)}`;
}

function endReason(r: ElevationRequest): string {
  if (r.state === "FAILED" && r.last_error) return `: ${r.last_error}`;
  if (r.state === "REJECTED" && r.approver_comment) return `: ${r.approver_comment}`;
  return "";
}
