/** `jitsudo deny <id> --reason`: deny a pending request, or withdraw one's own. */
import type { Context } from "../context.js";
import { showTransition } from "../views/transition.js";

export async function run(ctx: Context, [id]: string[], opts: { reason: string }): Promise<void> {
  const request = await (await ctx.client()).denyRequest(id, { reason: opts.reason });
  await showTransition(ctx.printer, request);
}
