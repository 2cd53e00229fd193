/** `jitsudo principal get <email>`. */
import type { Context } from "../context.js";
import { principalFields } from "../views/principals.js";

export async function run(ctx: Context, [identity]: string[]): Promise<void> {
  const principal = await (await ctx.client()).getPrincipal(identity);
  const { printer } = ctx;
  await printer.emit({
    document: principal,
    quiet: () => String(principal.trust_tier),
    human: () => principalFields(principal, printer.palette),
  });
}
