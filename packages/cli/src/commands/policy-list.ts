/** `jitsudo policy list [--type]`. */
import type { PolicyType } from "@jitsudo/client";
import type { Context } from "../context.js";
import { renderTable } from "../output/table.js";
import { formatTime } from "../output/time.js";

export async function run(ctx: Context, _args: string[], opts: { type?: PolicyType }): Promise<void> {
  const policies = await (await ctx.client()).listPolicies({ type: opts.type });
  const { printer } = ctx;
  await printer.emit({
    document: policies,
    quiet: () => policies.map((p) => p.id),
    human: () =>
      policies.length === 0
        ? "No policies found."
        : renderTable(
            ["ID", "NAME", "TYPE", "ENABLED", "UPDATED", "UPDATED BY"],
            policies.map((p) => [
              p.id,
              p.name,
              p.type,
              p.enabled ? "true" : printer.palette.dim("false"),
              formatTime(p.updated_at),
              p.updated_by,
            ]),
            printer.palette,
          ),
  });
}
