/** `jitsudo audit`: query the audit log as a table, JSON (the export `verify --file` reads), YAML or CSV. */
import type { AuditEvent, AuditQuery, JitsudoClient } from "@jitsudo/client";
import type { Context } from "../context.js";
import { parseTimeFlag } from "../duration.js";
import { csvRow } from "../output/csv.js";
import { JsonArrayWriter, renderDocument } from "../output/printer.js";
import { renderTable } from "../output/table.js";
import { formatTime } from "../output/time.js";

interface AuditOptions {
  user?: string;
  provider?: string;
  request?: string;
  action?: string;
  since?: string;
  until?: string;
  limit: number;
  all?: boolean;
}

const MAX_PAGE_SIZE = 1000;
const CSV_COLUMNS = [
  "id",
  "timestamp",
  "actor_identity",
  "action",
  "request_id",
  "provider",
  "resource_scope",
  "outcome",
  "details_json",
  "prev_hash",
  "hash",
] as const satisfies readonly (keyof AuditEvent)[];

export async function run(ctx: Context, _args: string[], opts: AuditOptions): Promise<void> {
  const query: AuditQuery = {
    actor_identity: opts.user,
    provider: opts.provider,
    request_id: opts.request,
    action: opts.action,
    since: opts.since === undefined ? undefined : parseTimeFlag(opts.since, "--since"),
    until: opts.until === undefined ? undefined : parseTimeFlag(opts.until, "--until"),
    page_size: opts.all ? MAX_PAGE_SIZE : Math.min(opts.limit, MAX_PAGE_SIZE),
  };
  const events = matching(await ctx.client(), query, opts.all ? Number.POSITIVE_INFINITY : opts.limit);
  const { printer } = ctx;

  if (printer.quiet) {
    for await (const event of events) await printer.out(String(event.id));
  } else if (printer.format === "json") {
    const writer = new JsonArrayWriter(printer);
    for await (const event of events) await writer.add(event);
    await writer.end();
  } else if (printer.format === "csv") {
    await printer.write(csvRow(CSV_COLUMNS));
    for await (const event of events) await printer.write(csvRow(CSV_COLUMNS.map((column) => event[column])));
  } else {
    const all: AuditEvent[] = [];
    for await (const event of events) all.push(event);
    if (printer.format === "yaml") await printer.write(await renderDocument(all, "yaml"));
    else await printer.out(all.length === 0 ? "No audit events found." : auditTable(all, ctx));
  }
}

async function* matching(
  client: JitsudoClient,
  query: AuditQuery,
  limit: number,
): AsyncGenerator<AuditEvent> {
  let count = 0;
  for await (const event of client.iterateAudit(query)) {
    yield event;
    if (++count >= limit) return;
  }
}

function auditTable(events: readonly AuditEvent[], ctx: Context): string {
  const { palette } = ctx.printer;
  return renderTable(
    ["TIMESTAMP", "ACTOR", "ACTION", "REQUEST ID", "PROVIDER", "OUTCOME"],
    events.map((e) => [
      formatTime(e.timestamp),
      e.actor_identity,
      e.action,
      e.request_id ?? "-",
      e.provider ?? "-",
      e.outcome === "success" ? e.outcome : palette.red(e.outcome),
    ]),
    palette,
  );
}
