/** How elevation requests read on a terminal: in full, as table rows, and as state changes. */
import type { ElevationRequest } from "@jitsudo/client";
import { formatDuration } from "../duration.js";
import { type Palette, paintState } from "../output/color.js";
import { renderFields, renderTable, truncate } from "../output/table.js";
import { formatTime } from "../output/time.js";

const REASON_WIDTH = 50;

export function requestFields(r: ElevationRequest, palette: Palette): string {
  const fields: [string, string][] = [
    ["ID", r.id],
    ["State", paintState(palette, r.state)],
    ["Requester", r.requester_identity],
    ["Provider", r.provider],
    ["Role", r.role],
    ["Scope", r.resource_scope],
    ["Duration", formatDuration(r.duration_seconds)],
    ["Reason", r.reason || "-"],
    ["Tier", r.approver_tier],
    ["Approver", r.approver_identity ?? "-"],
    ["Comment", r.approver_comment ?? "-"],
    ["Expires", formatTime(r.expires_at)],
    ["Last error", r.last_error ?? "-"],
  ];
  if (r.break_glass)
    fields.splice(2, 0, ["Break-glass", palette.yellow(r.reviewed_at ? "yes (reviewed)" : "yes")]);
  if (r.ai_reasoning) fields.push(["AI reasoning", r.ai_reasoning]);
  return renderFields(fields, palette);
}

export function requestTable(requests: readonly ElevationRequest[], palette: Palette): string {
  return renderTable(
    ["ID", "STATE", "REQUESTER", "PROVIDER", "ROLE", "SCOPE", "EXPIRES", "REASON"],
    requests.map((r) => [
      r.id,
      paintState(palette, r.state),
      r.requester_identity,
      r.provider,
      r.role,
      r.resource_scope,
      formatTime(r.expires_at),
      truncate(r.reason, REASON_WIDTH),
    ]),
    palette,
  );
}
