/** Reading the YAML file, and finding where a key is written in it (for error messages). */
import { readFileSync } from "node:fs";
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { ConfigError, type ConfigProblem } from "./errors.js";
import { isMapping, type KeyPath } from "./paths.js";

export interface FilePosition {
  readonly line: number;
  readonly column: number;
}

export interface ParsedConfigFile {
  readonly file: string;
  readonly tree: Record<string, unknown>;
  /** Where the key at `path` is written, or its closest ancestor that is; `undefined` if none is. */
  readonly locate: (path: KeyPath) => FilePosition | undefined;
}

export function readConfigFile(file: string): ParsedConfigFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(code ?? error);
    throw new ConfigError([{ path: "", message: `cannot read the configuration file ${file}: ${reason}` }]);
  }
  return parseConfigText(text, file);
}

/**
 * The messages are built from the parser's error codes and positions, never from its excerpts of
 * the source: the offending line could hold a secret.
 */
function parseConfigText(text: string, file: string): ParsedConfigFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number): FilePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const syntaxProblem = (offset: number, message: string): ConfigProblem => ({
    path: "",
    message: `YAML syntax error: ${message}`,
    source: { file, ...position(offset) },
  });

  if (doc.errors.length > 0)
    throw new ConfigError(doc.errors.map((error) => syntaxProblem(error.pos[0], error.message)));

  let tree: unknown;
  try {
    tree = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    // Alias problems (an anchor used before it is set, too many aliases) come without a position.
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError([{ path: "", message: `${file}: YAML error: ${reason}` }]);
  }
  if (!isMapping(tree)) {
    throw new ConfigError([
      {
        path: "",
        message: `${file} must hold a mapping of sections (server:, database:, auth:, …), not ${Array.isArray(tree) ? "a list" : "a single value"}`,
      },
    ]);
  }

  const locate = (path: KeyPath): FilePosition | undefined => {
    let node: unknown = doc.contents;
    let offset: number | undefined;
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(doc);
      let next: Node | undefined;
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (pair === undefined) break;
        offset = (pair.key as Node).range?.[0];
        next = pair.value as Node | undefined;
      } else if (isSeq(node) && typeof segment === "number") {
        next = node.items[segment] as Node | undefined;
        if (next === undefined) break;
        offset = next.range?.[0];
      } else {
        break;
      }
      node = next;
    }
    return offset === undefined ? undefined : position(offset);
  };

  return { file, tree, locate };
}
