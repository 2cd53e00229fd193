/** `jitsudo server reload-policies` (admin). */
import type { Context } from "../context.js";

export async function run(ctx: Context): Promise<void> {
  const result = await (await ctx.client()).reloadPolicies();
  await ctx.printer.emit({
    document: result,
    quiet: () => String(result.policies_loaded),
    human: () => `Policy engine reloaded. Active policies: ${result.policies_loaded}`,
  });
}
