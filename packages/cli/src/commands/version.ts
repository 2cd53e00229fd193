/** `jitsudo version`: the CLI's version and, when a server is configured and answers, the server's. */
import type { ServerVersion } from "@jitsudo/client";
import type { Context } from "../context.js";
import { CLI_VERSION } from "../version.js";

export async function run(ctx: Context): Promise<void> {
  let server: ServerVersion | null = null;
  let unreachable: string | undefined;
  try {
    server = await (await ctx.anonymousClient()).serverVersion();
  } catch (err) {
    unreachable = (err as Error).message;
  }
  await ctx.printer.emit({
    document: { client: CLI_VERSION, server },
    quiet: () => CLI_VERSION,
    human: () =>
      `jitsudo ${CLI_VERSION}\n${
        server
          ? `server  ${server.version} (API ${server.api_versions.join(", ")})`
          : `server  unknown (${unreachable})`
      }`,
  });
}
