/** `jitsudo exec <id> -- <command> [args…]`: run one command with the request's credentials. */
import type { Context } from "../context.js";
import { elevatedEnv, readGrant } from "../exec/elevated-env.js";
import { runChild } from "../exec/run-child.js";

export async function run(ctx: Context, [id, command, ...args]: string[]): Promise<number> {
  const grant = await readGrant(await ctx.client(), id, "exec", command);
  return runChild(command, args, elevatedEnv(ctx.env, grant));
}
