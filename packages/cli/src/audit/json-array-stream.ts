/**
 * Reads the elements of one large JSON array from a text stream one at a time, so that an export
 * of a million audit events is verified without holding it in memory.
 */
export class JsonArrayError extends Error {
  override readonly name = "JsonArrayError";
}

export async function* jsonArrayElements(chunks: AsyncIterable<string>): AsyncGenerator<unknown> {
  let started = false;
  let ended = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let element = "";

  for await (const chunk of chunks) {
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (!started || ended) {
        if (c === " " || c === "\n" || c === "\r" || c === "\t" || c === "\uFEFF") continue;
        if (ended) throw new JsonArrayError("unexpected text after the end of the array");
        if (c !== "[") throw new JsonArrayError("not a JSON array");
        started = true;
        from = i + 1;
        continue;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (c === "\\") escaped = true;
        else if (c === '"') inString = false;
      } else if (c === '"') {
        inString = true;
      } else if (c === "{" || c === "[") {
        depth++;
      } else if (depth > 0 && (c === "}" || c === "]")) {
        depth--;
      } else if (depth === 0 && (c === "," || c === "]")) {
        const text = (element + chunk.slice(from, i)).trim();
        element = "";
        from = i + 1;
        if (c === "]") ended = true;
        if (text === "") {
          if (c === ",") throw new JsonArrayError("empty element in the array");
          continue;
        }
        yield parseElement(text);
      }
    }
    if (started && !ended) element += chunk.slice(from);
  }
  if (!started) throw new JsonArrayError("not a JSON array (the file is empty)");
  if (!ended) throw new JsonArrayError("the array is not closed: the file is truncated");
}

function parseElement(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new JsonArrayError(`an element is not valid JSON: ${(err as Error).message}`);
  }
}
