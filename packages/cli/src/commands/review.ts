/** `jitsudo review <id> --comment`: an admin's review of a break-glass request. */
import type { Context } from "../context.js";

export async function run(ctx: Context, [id]: string[], opts: { comment: string }): Promise<void> {
  const request = await (await ctx.client()).reviewRequest(id, { comment: opts.comment });
  await ctx.printer.emit({
    document: request,
    quiet: () => request.id,
    human: () => `Request ${request.id} reviewed.`,
  });
}
