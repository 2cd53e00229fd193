/** `jitsudo principal set-tier <email> <0-4> [--notes]` (admin). */
import { MAX_TRUST_TIER } from "@jitsudo/client";
import type { Context } from "../context.js";
import { usageError } from "../errors.js";

export async function run(
  ctx: Context,
  [identity, tierText]: string[],
  opts: { notes?: string },
): Promise<void> {
  if (!/^\d$/.test(tierText) || Number(tierText) > MAX_TRUST_TIER) {
    throw usageError(`invalid trust tier "${tierText}": use 0 (unknown) to ${MAX_TRUST_TIER}`);
  }
  const principal = await (await ctx.client()).setTrustTier(identity, {
    trust_tier: Number(tierText),
    notes: opts.notes,
  });
  await ctx.printer.emit({
    document: principal,
    quiet: () => String(principal.trust_tier),
    human: () => `Trust tier of ${principal.identity} set to ${principal.trust_tier}.`,
  });
}
