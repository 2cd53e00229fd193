/** `jitsudo shell <id>`: an interactive shell with the request's credentials, and a banner around it. */
import type { Context } from "../context.js";
import { formatDuration } from "../duration.js";
import { elevatedEnv, readGrant } from "../exec/elevated-env.js";
import { runChild } from "../exec/run-child.js";
import { formatTime, relativeTime } from "../output/time.js";

export async function run(ctx: Context, [id]: string[], opts: { shell?: string }): Promise<number> {
  const shell = opts.shell ?? (ctx.env.SHELL || "/bin/sh");
  const grant = await readGrant(await ctx.client(), id, "shell", shell);
  const { printer } = ctx;
  const { yellow } = printer.errPalette;
  printer.note(yellow(`jitsudo: elevated shell for request ${id}`));
  printer.note(
    yellow(
      `jitsudo: credentials expire at ${formatTime(grant.expires_at)} (${relativeTime(grant.expires_at)}); type 'exit' to leave`,
    ),
  );

  const started = Date.now();
  const code = await runChild(
    shell,
    [],
    elevatedEnv(ctx.env, grant, { JITSUDO_ELEVATED: "1", JITSUDO_REQUEST_ID: id }),
  );
  printer.note(
    yellow(
      `jitsudo: left the elevated shell for ${id} after ${formatDuration((Date.now() - started) / 1000)}`,
    ),
  );
  return code;
}
