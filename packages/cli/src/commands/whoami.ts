/** `jitsudo whoami`: the caller as the server sees it. */
import type { Context } from "../context.js";
import { renderFields } from "../output/table.js";

export async function run(ctx: Context): Promise<void> {
  const me = await (await ctx.client()).whoami();
  const { printer } = ctx;
  await printer.emit({
    document: me,
    quiet: () => me.identity,
    human: () =>
      renderFields(
        [
          ["Identity", me.identity],
          ["Groups", me.groups.length > 0 ? me.groups.join(", ") : "-"],
          ["Admin", me.admin ? "yes" : "no"],
          ["Auditor", me.auditor ? "yes" : "no"],
          ["Trust tier", String(me.trust_tier)],
        ],
        printer.palette,
      ),
  });
}
