/** Statements inlined for the simple query protocol read back exactly the values they were given. */
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { inlineStatement } from "../../src/store/inline.js";
import {
  atCommit,
  compileRowsQuery,
  compileStatement,
  placeholders,
  type Store,
  sqlRows,
} from "../../src/store/index.js";
import { principals } from "../../src/store/schema.js";
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
    expect(() => inlineStatement(sql`select ${"a\u0000b"}`)).toThrow(/NUL/);
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

describe.each(STORE_KINDS)("compiled statements on %s", (kind) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
  });

  it("fill their slots through the columns' encoders, keep null as NULL and run at commit", async () => {
    store = await createTestStore({ kind });
    const insert = compileStatement<typeof principals.$inferSelect>((tx) =>
      tx.insert(principals).values(placeholders(principals)),
    );
    const at = new Date(Date.UTC(2026, 2, 20, 16, 0, 0, 123));
    const row = {
      identity: "o'neil@example.com",
      trustTier: 2,
      notes: null,
      enrolledBy: null,
      enrolledAt: at,
      lastSeenAt: null,
    };
    await store.transaction(async (tx) => {
      const rendered = insert(tx, row);
      expect(rendered.params).toEqual([
        "o'neil@example.com",
        2,
        null,
        null,
        "2026-03-20T16:00:00.123Z",
        null,
      ]);
      atCommit(tx, rendered);
      atCommit(tx, insert(tx, { ...row, identity: "second@example.com", notes: "a\\b" }));
    });
    expect(await store.db.select().from(principals).orderBy(principals.identity)).toEqual([
      row,
      { ...row, identity: "second@example.com", notes: "a\\b" },
    ]);
    await store.transaction(async (tx) => {
      expect(() => insert(tx, { ...row, notes: undefined as never })).toThrow(/no value for "notes"/);
    });
  });

  it("answer whole rows decoded as drizzle's own builder decodes them, in and out of transactions", async () => {
    store = await createTestStore({ kind });
    const at = new Date(Date.UTC(2026, 2, 20, 16, 0, 0, 123));
    const rows = [
      {
        identity: "a@example.com",
        trustTier: 3,
        notes: "it's\\",
        enrolledBy: "admin",
        enrolledAt: at,
        lastSeenAt: at,
      },
      {
        identity: "b@example.com",
        trustTier: 0,
        notes: null,
        enrolledBy: null,
        enrolledAt: null,
        lastSeenAt: null,
      },
    ];
    await store.db.insert(principals).values(rows);
    const byIdentity = compileRowsQuery<{ identity: string }, typeof principals>(principals, (tx) =>
      tx
        .select()
        .from(principals)
        .where(eq(principals.identity, sql.placeholder("identity"))),
    );
    for (const row of rows) {
      const viaBuilder = await store.db
        .select()
        .from(principals)
        .where(eq(principals.identity, row.identity));
      expect(await byIdentity(store.db, row)).toEqual(viaBuilder);
      expect(viaBuilder).toEqual([row]);
      await store.transaction(async (tx) => {
        expect(await byIdentity(tx, row)).toEqual([row]);
      });
    }
    expect(await byIdentity(store.db, { identity: "nobody@example.com" })).toEqual([]);
    const bump = compileRowsQuery<{ identity: string; tier: number }, typeof principals>(principals, (tx) =>
      tx
        .update(principals)
        .set({ trustTier: sql`${sql.placeholder("tier")}` })
        .where(eq(principals.identity, sql.placeholder("identity")))
        .returning(),
    );
    const [bumped] = await store.transaction((tx) => bump(tx, { identity: "b@example.com", tier: 4 }));
    expect(bumped).toEqual({ ...rows[1], trustTier: 4 });
  });
});
