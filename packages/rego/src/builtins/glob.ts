// glob.match and glob.quote_meta, with gobwas/glob semantics (see gobglob.ts).

import type { Value } from "../value/index.js";
import { compileGlob, GlobError, quoteGlobMeta } from "./gobglob.js";
import { asBuiltinError, stringElements, stringOperand, typeError } from "./operands.js";
import { type BuiltinDef, operandTypeError } from "./registry.js";

/** OPA's delimiter operand: null for none, [] for the default ".", else single characters. */
function delimitersOperand(v: Value): string[] {
  if (v === null) return [];
  if (!Array.isArray(v)) throw operandTypeError(2, "one of {array, null}", v);
  const delimiters = stringElements(v, 2);
  if (delimiters.some((d) => [...d].length !== 1))
    throw typeError("operand 2 must be array of runes but got array containing string");
  return delimiters.length === 0 ? ["."] : delimiters;
}

function globMatch(args: readonly Value[]): boolean {
  const pattern = stringOperand(args[0]!, 1);
  const delimiters = delimitersOperand(args[1]!);
  const text = stringOperand(args[2]!, 3);
  return asBuiltinError(GlobError, () => compileGlob(pattern, delimiters)).matches(text);
}

export const globBuiltins: BuiltinDef[] = [
  { name: "glob.match", arity: 3, impl: globMatch },
  { name: "glob.quote_meta", arity: 1, impl: ([s]) => quoteGlobMeta(stringOperand(s!, 1)) },
];
