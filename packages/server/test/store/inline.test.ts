/** Statements inlined for the simple query protocol read back exactly the values they were given. */
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { inlineStatement } from "../../src/store/inline.js";
import { type Store, sqlRows } from "../../src/store/index.js";
import { createTestStore, STORE_KINDS } from "../support/index.js";

describe("inlineStatement", () => {
  it("writes each kind of parameter as a literal", () => {
    const at = new Date(Date.UTC(2026, 2, 20, 16, 0, 0, 123));
    expect(
      inlineStatement(sql`select ${"it's"}, ${"a\\b"}, ${null}, ${true}, ${false}, ${-1.5}, ${7n}, ${at}`),
    ).toBe("select 'it''s', E'a\\\\b', NULL, TRUE, FALSE, -1.5, 7, '2026-03-20T16:00:00.123Z'");
  });

  it("refuses values with no faithful literal", () => {
    expect(() => inlineStatement(sql`select ${Number.NaN}`)).toThrow(/\$1 cannot be written/);
    expect(() => inlineStatement(sql`select 1, ${{ a: 1 }}`)).toThrow(/\$1 cannot be written/);
  });
});

describe.each(STORE_KINDS)("inlined statements on %s", (kind) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
  });

  it("read back the text they were given", async () => {
    store = await createTestStore({ kind });
    const texts = ["plain", "it's", "back\\slash", "\\' or 1=1; --", "$1 $$ $tag$", "é 日本 🙂\n\t", "E'x'"];
    for (const text of texts) {
      const rows = await sqlRows<{ v: string }>(
        store.db,
        sql.raw(inlineStatement(sql`select ${text}::text as v`)),
      );
      expect(rows).toEqual([{ v: text }]);
    }
  });
});
