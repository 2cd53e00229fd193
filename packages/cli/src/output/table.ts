/** Aligned plain-text tables and `Label: value` blocks for terminal output. */
import { type Palette, visibleLength } from "./color.js";

const GAP = "  ";

/** Columns padded to their widest cell; the last column is not padded. Cells may be coloured. */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  palette: Palette,
): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => visibleLength(row[i] ?? ""))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + " ".repeat(widths[i] - visibleLength(cell))))
      .join(GAP)
      .trimEnd();
  return [palette.bold(line(headers)), ...rows.map(line)].join("\n");
}

/** `Label:  value` lines with the values aligned. */
export function renderFields(fields: readonly (readonly [string, string])[], palette: Palette): string {
  const width = Math.max(...fields.map(([label]) => label.length)) + 1;
  return fields.map(([label, value]) => `${palette.bold(`${label}:`.padEnd(width))} ${value}`).join("\n");
}

/** Cuts `text` to `max` characters with an ellipsis, and keeps it on one line. */
export function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s*\n\s*/g, " ");
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}
