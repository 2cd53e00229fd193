/** `jitsudo server version`. */
import type { Context } from "../context.js";

export async function run(ctx: Context, _args: string[], opts: { serverUrl?: string }): Promise<void> {
  const version = await (await ctx.anonymousClient(opts.serverUrl)).serverVersion();
  await ctx.printer.emit({
    document: version,
    quiet: () => version.version,
    human: () => `Server version: ${version.version}\nAPI versions:   ${version.api_versions.join(", ")}`,
  });
}
