/** `jitsudo policy get <id|name>`: the policy and its source. */
import type { Context } from "../context.js";
import { renderFields } from "../output/table.js";
import { formatTime } from "../output/time.js";
import { findPolicy } from "../policy/resolve.js";

export async function run(ctx: Context, [idOrName]: string[]): Promise<void> {
  const client = await ctx.client();
  const policy = await client.getPolicy((await findPolicy(client, idOrName)).id);
  const { printer } = ctx;
  await printer.emit({
    document: policy,
    quiet: () => policy.rego,
    human: () =>
      `${renderFields(
        [
          ["ID", policy.id],
          ["Name", policy.name],
          ["Type", policy.type],
          ["Enabled", String(policy.enabled)],
          ["Description", policy.description || "-"],
          ["Updated", `${formatTime(policy.updated_at)} by ${policy.updated_by || "-"}`],
        ],
        printer.palette,
      )}\n\n${printer.palette.dim("--- Rego ---")}\n${policy.rego.trimEnd()}`,
  });
}
