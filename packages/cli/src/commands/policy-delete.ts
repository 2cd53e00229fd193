/** `jitsudo policy delete <id|name>` (admin). */
import type { Context } from "../context.js";
import { findPolicy } from "../policy/resolve.js";

export async function run(ctx: Context, [idOrName]: string[]): Promise<void> {
  const client = await ctx.client();
  const policy = await findPolicy(client, idOrName);
  await client.deletePolicy(policy.id);
  const label = "name" in policy ? policy.name : policy.id;
  await ctx.printer.emit({
    document: { deleted: policy.id },
    quiet: () => policy.id,
    human: () => `Policy ${label} deleted.`,
  });
}
