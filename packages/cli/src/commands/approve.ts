/** `jitsudo approve <id>`: approve a pending request; prints the state it moved to. */
import type { Context } from "../context.js";
import { showTransition } from "../views/transition.js";

export async function run(ctx: Context, [id]: string[], opts: { comment?: string }): Promise<void> {
  const request = await (await ctx.client()).approveRequest(id, { comment: opts.comment });
  await showTransition(ctx.printer, request);
}
