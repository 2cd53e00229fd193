// `# METADATA` comment blocks, found as OPA finds them: a comment in column 1 whose text starts
// with METADATA opens a block, which runs over the comments on the following lines (also in
// column 1) until a gap or the next METADATA comment. A block annotates the first statement
// (package, import or rule) below it; the compiler reads its YAML.

import type { MetadataBlock, Module } from "./ast.js";
import type { Comment } from "./lexer.js";

const isMetadataStart = (c: Comment) => c.col === 1 && c.text.trim().startsWith("METADATA");

export function metadataBlocks(comments: readonly Comment[], module: Module): MetadataBlock[] {
  type Statement = { row: number; target: NonNullable<MetadataBlock["target"]> };
  const pkg: Statement = { row: module.packageLoc.row, target: { kind: "package" } };
  const statements: Statement[] = [
    pkg,
    ...module.imports.map((i): Statement => ({ row: i.loc.row, target: { kind: "import" } })),
    ...module.rules.map((rule): Statement => ({ row: rule.loc.row, target: { kind: "rule", rule } })),
  ].sort((a, b) => a.row - b.row);
  const blocks: MetadataBlock[] = [];
  for (let i = 0; i < comments.length; i++) {
    const first = comments[i]!;
    if (!isMetadataStart(first)) continue;
    const lines: string[] = [];
    let last = first;
    while (i + 1 < comments.length) {
      const next = comments[i + 1]!;
      if (next.col !== 1 || next.row !== last.row + 1 || isMetadataStart(next)) break;
      lines.push(next.text.startsWith(" ") ? next.text.slice(1) : next.text);
      last = next;
      i++;
    }
    blocks.push({
      yaml: lines.map((l) => `${l}\n`).join(""),
      loc: { file: module.file, row: first.row, col: first.col },
      target: statements.find((s) => s.row > first.row)?.target,
    });
  }
  return blocks;
}
