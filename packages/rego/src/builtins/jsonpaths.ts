// The path operands of json.filter, json.remove and json.patch as OPA reads them: a JSON pointer
// ("a/b/c", "/a/~1b"; leading slashes optional) or an array of path segments (any values).

import { typeName, type Value } from "../value/index.js";
import { RegoObject, RegoSet } from "../value/index.js";
import { typeError } from "./operands.js";
import { operandTypeError } from "./registry.js";

export type Path = readonly Value[];

const unescapeSegment = (s: string) => s.replaceAll("~1", "/").replaceAll("~0", "~");

/** One path; the empty pointer "" is the empty path. */
export function parsePath(p: Value): Path {
  if (typeof p === "string") {
    if (p === "") return [];
    return p.replace(/^\/+/, "").split("/").map(unescapeSegment);
  }
  if (Array.isArray(p)) return p;
  throw typeError(
    `operand 2 must be one of {set, array} containing string paths or array of path segments but got ${typeName(p)}`,
  );
}

/** The paths of an array or set operand (operand 2). */
export function pathsOperand(v: Value): Path[] {
  if (Array.isArray(v) || v instanceof RegoSet) return [...v].map(parsePath);
  throw operandTypeError(2, "one of {set, array}", v);
}

/**
 * The paths as a tree of objects whose leaves are null: ["a/b", "c"] is {"a": {"b": null},
 * "c": null}. A path that ends where another one passes through replaces its subtree, and a
 * path through an existing leaf is already covered by it.
 */
export function pathTree(paths: readonly Path[]): RegoObject {
  const root = new RegoObject();
  for (const path of paths) {
    if (path.length === 0) continue;
    let node: RegoObject | undefined = root;
    for (let i = 0; i < path.length - 1 && node; i++) {
      const child: Value | undefined = node.get(path[i]!);
      if (child === undefined) {
        const fresh = new RegoObject();
        node.set(path[i]!, fresh);
        node = fresh;
      } else node = child instanceof RegoObject ? child : undefined;
    }
    node?.set(path[path.length - 1]!, null);
  }
  return root;
}
