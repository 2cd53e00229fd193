/** `jitsudo logout`: remove the saved session. */
import type { Context } from "../context.js";
import { credentialsPath, removeCredentials } from "../settings/credentials.js";

export async function run(ctx: Context): Promise<void> {
  const removed = await removeCredentials(ctx.settings.home);
  const path = credentialsPath(ctx.settings.home);
  await ctx.printer.emit({
    document: { logged_out: removed, credentials_file: path },
    human: () => (removed ? "Logged out." : "Not logged in."),
  });
}
