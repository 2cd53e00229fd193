// uri.parse and uri.is_valid (new in OPA 1.x), on Go's url.Parse (see gourl.ts).

import { RegoObject, type Value } from "../value/index.js";
import { parseGoUrl, splitHostPort, UrlParseError } from "./gourl.js";
import { asBuiltinError, stringOperand } from "./operands.js";
import type { BuiltinDef } from "./registry.js";

/** The parts of a URI that are present: scheme, hostname, port, path, raw_path, raw_query, fragment. */
function uriParts(text: string): RegoObject {
  const url = asBuiltinError(UrlParseError, () => parseGoUrl(text));
  const { hostname, port } = splitHostPort(url.host);
  const parts: [string, string][] = [
    ["scheme", url.scheme],
    ["hostname", hostname],
    ["port", port],
    ["path", url.path],
    // always there with a path, so that policies can normalise paths themselves
    ["raw_path", url.path === "" ? "" : url.rawPath || url.path],
    ["raw_query", url.rawQuery],
    ["fragment", url.fragment],
  ];
  return RegoObject.fromEntries(parts.filter(([, v]) => v !== ""));
}

function isValidUri(v: Value): boolean {
  // "" is a valid relative reference, but never what a policy means
  if (typeof v !== "string" || v === "") return false;
  try {
    parseGoUrl(v);
    return true;
  } catch (e) {
    if (e instanceof UrlParseError) return false;
    throw e;
  }
}

export const uriBuiltins: BuiltinDef[] = [
  { name: "uri.parse", arity: 1, impl: ([s]) => uriParts(stringOperand(s!, 1)) },
  { name: "uri.is_valid", arity: 1, impl: ([s]) => isValidUri(s!) },
];
