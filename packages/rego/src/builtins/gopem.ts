// Go's encoding/pem Decode: the first well-formed "-----BEGIN TYPE-----" … "-----END TYPE-----"
// block (optional "Key: value" headers, base64 body) and the input after it. Malformed
// candidates are skipped, as Go skips them.

import { Base64Error, decodeBase64Go } from "./gobase64.js";

export interface PemBlock {
  type: string;
  headers: Map<string, string>;
  bytes: Uint8Array;
}

/** The first line (without "\r\n" / "\n" and trailing spaces or tabs) and the rest. */
function getLine(data: string): [string, string] {
  const nl = data.indexOf("\n");
  if (nl < 0) return [data.replace(/[ \t]+$/, ""), ""];
  const end = nl > 0 && data[nl - 1] === "\r" ? nl - 1 : nl;
  return [data.slice(0, end).replace(/[ \t]+$/, ""), data.slice(nl + 1)];
}

const BEGIN = "-----BEGIN ";
const END = "\n-----END ";
const DASHES = "-----";

/** The first PEM block and the text after it, or undefined when there is none. */
export function decodePem(data: string): { block: PemBlock; rest: string } | undefined {
  let rest = data;
  for (;;) {
    if (rest.startsWith(BEGIN)) rest = rest.slice(BEGIN.length);
    else {
      const at = rest.indexOf(`\n${BEGIN}`);
      if (at < 0) return undefined;
      rest = rest.slice(at + 1 + BEGIN.length);
    }
    let typeLine: string;
    [typeLine, rest] = getLine(rest);
    if (!typeLine.endsWith(DASHES)) continue;
    const type = typeLine.slice(0, -DASHES.length);
    const headers = new Map<string, string>();
    for (;;) {
      if (rest === "") return undefined;
      const [line, next] = getLine(rest);
      const colon = line.indexOf(":");
      if (colon < 0) break;
      headers.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
      rest = next;
    }
    // without headers, the END line may follow the BEGIN line directly
    let endIndex: number;
    let trailerIndex: number;
    if (headers.size === 0 && rest.startsWith(END.slice(1))) {
      endIndex = 0;
      trailerIndex = END.length - 1;
    } else {
      endIndex = rest.indexOf(END);
      trailerIndex = endIndex + END.length;
    }
    if (endIndex < 0) continue;
    const trailer = rest.slice(trailerIndex);
    const expected = type + DASHES;
    if (!trailer.startsWith(expected) || getLine(trailer.slice(expected.length))[0] !== "") continue;
    let bytes: Uint8Array;
    try {
      bytes = decodeBase64Go(rest.slice(0, endIndex).replace(/[ \t]/g, ""), "std");
    } catch (e) {
      if (e instanceof Base64Error) continue;
      throw e;
    }
    return { block: { type, headers, bytes }, rest: getLine(rest.slice(endIndex + END.length - 1))[1] };
  }
}
