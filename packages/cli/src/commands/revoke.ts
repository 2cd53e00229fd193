/** `jitsudo revoke <id>`, or (admin) `revoke --user <email> --all`: every active grant of that user. */
import type { ElevationRequest, JitsudoClient } from "@jitsudo/client";
import type { Context } from "../context.js";
import { usageError } from "../errors.js";
import { showTransition, transitionLine } from "../views/transition.js";

interface RevokeOptions {
  reason?: string;
  user?: string;
  all?: boolean;
}

export async function run(ctx: Context, [id]: string[], opts: RevokeOptions): Promise<void> {
  if (id !== undefined) {
    if (opts.user || opts.all) throw usageError("give either a request ID or --user <email> --all, not both");
    const request = await (await ctx.client()).revokeRequest(id, { reason: opts.reason });
    await showTransition(ctx.printer, request);
    return;
  }
  if (!opts.user || !opts.all) {
    throw usageError(
      opts.user
        ? "revoke --user needs --all (it revokes every active grant of that user)"
        : "which request? give its ID",
      "jitsudo revoke <id>  |  jitsudo revoke --user <email> --all",
    );
  }
  await revokeAllOf(ctx, opts.user, opts.reason);
}

/** The compromised-account runbook: revoke every ACTIVE or APPROVED request of `user`, printing each. */
async function revokeAllOf(ctx: Context, user: string, reason: string | undefined): Promise<void> {
  const client = await ctx.client();
  const { printer } = ctx;
  const targets = [...(await live(client, user, "ACTIVE")), ...(await live(client, user, "APPROVED"))];
  const revoked: ElevationRequest[] = [];
  for (const target of targets) {
    const request = await client.revokeRequest(target.id, { reason });
    revoked.push(request);
    if (printer.human) await printer.out(transitionLine(request, printer.palette));
  }
  if (printer.human && revoked.length === 0) await printer.out(`No active grants of ${user}.`);
  await printer.data(revoked, () => revoked.map((r) => r.id));
}

async function live(
  client: JitsudoClient,
  user: string,
  state: "ACTIVE" | "APPROVED",
): Promise<ElevationRequest[]> {
  const found: ElevationRequest[] = [];
  for await (const request of client.iterateRequests({ requester_identity: user, state, page_size: 500 })) {
    found.push(request);
  }
  return found;
}
