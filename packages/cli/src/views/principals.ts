/** How principals read on a terminal. */
import type { Principal } from "@jitsudo/client";
import type { Palette } from "../output/color.js";
import { renderFields, renderTable, truncate } from "../output/table.js";
import { formatTime } from "../output/time.js";

export function principalFields(p: Principal, palette: Palette): string {
  return renderFields(
    [
      ["Identity", p.identity],
      ["Trust tier", String(p.trust_tier)],
      ["Notes", p.notes ?? "-"],
      ["Enrolled by", p.enrolled_by ?? "-"],
      ["Enrolled at", formatTime(p.enrolled_at)],
      ["Last seen", formatTime(p.last_seen_at)],
    ],
    palette,
  );
}

export function principalTable(principals: readonly Principal[], palette: Palette): string {
  return renderTable(
    ["IDENTITY", "TIER", "LAST SEEN", "ENROLLED BY", "NOTES"],
    principals.map((p) => [
      p.identity,
      String(p.trust_tier),
      formatTime(p.last_seen_at),
      p.enrolled_by ?? "-",
      truncate(p.notes ?? "", 50),
    ]),
    palette,
  );
}
