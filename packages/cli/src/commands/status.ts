/** `jitsudo status`: one request in full, or a list (yours, pending for you, break-glass, or all). */
import {
  type ElevationRequest,
  type ListRequestsQuery,
  REQUEST_STATES,
  type RequestState,
} from "@jitsudo/client";
import type { Context } from "../context.js";
import { usageError } from "../errors.js";
import { requestFields, requestTable } from "../views/requests.js";

interface StatusOptions {
  mine?: boolean;
  pending?: boolean;
  state?: string;
  breakGlass?: boolean;
  all?: boolean;
  limit: number;
}

export async function run(ctx: Context, [id]: string[], opts: StatusOptions): Promise<void> {
  const { printer } = ctx;
  if (id !== undefined) {
    if (opts.mine || opts.pending || opts.state || opts.breakGlass || opts.all) {
      throw usageError(
        "status <id> shows one request; list filters (--mine, --pending, --state, --break-glass, --all) need no ID",
      );
    }
    const request = await (await ctx.client()).getRequest(id);
    await printer.emit({
      document: request,
      quiet: () => request.state,
      human: () => requestFields(request, printer.palette),
    });
    return;
  }

  const query = listQuery(opts);
  const client = await ctx.client();
  const requests: ElevationRequest[] = [];
  for await (const request of client.iterateRequests({ ...query, page_size: Math.min(opts.limit, 500) })) {
    // --break-glass lists what still needs an admin's review, even from a server that ignores the filter.
    if (opts.breakGlass && !(request.break_glass && !request.reviewed_at)) continue;
    requests.push(request);
    if (requests.length >= opts.limit) break;
  }
  await printer.emit({
    document: requests,
    quiet: () => requests.map((r) => r.id),
    human: () => (requests.length === 0 ? "No requests found." : requestTable(requests, printer.palette)),
  });
}

function listQuery(opts: StatusOptions): ListRequestsQuery {
  const selections = [
    opts.mine && "--mine",
    opts.pending && "--pending",
    opts.breakGlass && "--break-glass",
    opts.all && "--all",
  ];
  const chosen = selections.filter((s): s is string => typeof s === "string");
  if (chosen.length > 1) throw usageError(`choose one of ${chosen.join(", ")}`);
  const state = opts.state === undefined ? undefined : requestState(opts.state);
  if (opts.pending) return { pending: true, state };
  if (opts.breakGlass) return { break_glass: true, state };
  if (opts.all) return { state };
  return { mine: true, state };
}

function requestState(text: string): RequestState {
  const state = text.toUpperCase().replace(/^REQUEST_STATE_/, "");
  if (!(REQUEST_STATES as readonly string[]).includes(state)) {
    throw usageError(`unknown state "${text}"`, `use one of ${REQUEST_STATES.join(", ")}`);
  }
  return state as RequestState;
}
