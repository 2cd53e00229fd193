/** `jitsudo principal list` (admin): every principal, following page tokens. */
import type { Principal } from "@jitsudo/client";
import type { Context } from "../context.js";
import { principalTable } from "../views/principals.js";

export async function run(ctx: Context): Promise<void> {
  const principals: Principal[] = [];
  for await (const principal of (await ctx.client()).iteratePrincipals({ page_size: 1000 }))
    principals.push(principal);
  const { printer } = ctx;
  await printer.emit({
    document: principals,
    quiet: () => principals.map((p) => p.identity),
    human: () =>
      principals.length === 0 ? "No principals found." : principalTable(principals, printer.palette),
  });
}
