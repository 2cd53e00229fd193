import { describe, expect, it } from "vitest";
import { JsonArrayError, jsonArrayElements } from "../src/audit/json-array-stream.js";

async function* inChunks(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function elements(text: string, size = text.length || 1): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const e of jsonArrayElements(inChunks(text, size))) out.push(e);
  return out;
}

describe("jsonArrayElements", () => {
  const tricky = [
    { details_json: '{"a":"]},[{"}', hash: "x" },
    { text: 'quote \\" and backslash \\\\', list: [1, [2, { "3": "]" }]] },
    "a string, with a comma",
    42,
    null,
  ];
  const text = JSON.stringify(tricky, null, 2);

  it.each([1, 2, 3, 7, 64, text.length])("reads every element whatever the chunk size (%i)", async (size) => {
    expect(await elements(text, size)).toEqual(tricky);
  });

  it("reads empty arrays and surrounding whitespace", async () => {
    expect(await elements("  []\n")).toEqual([]);
    expect(await elements("\uFEFF[ 1 ,2 ]\r\n")).toEqual([1, 2]);
  });

  it.each([
    ["", /empty/],
    ['{"a":1}', /not a JSON array/],
    ["[1, 2", /truncated/],
    ["[1,,2]", /empty element/],
    ["[1] [2]", /after the end/],
    ["[{bad}]", /not valid JSON/],
  ])("rejects %j", async (input, message) => {
    const error = await elements(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JsonArrayError);
    expect((error as Error).message).toMatch(message);
  });
});
