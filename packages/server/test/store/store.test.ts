import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { appendAuditEvent } from "../../src/audit/index.js";
import {
  DataDirLockedError,
  MIGRATIONS_DIR,
  openStore,
  parseDatabaseUrl,
  type Store,
  sqlRows,
} from "../../src/store/index.js";
import { initDataDirApart } from "../../src/store/pglite-initdb.js";
import { createTestDatabase, createTestStore, STORE_KINDS } from "../support/index.js";

const log = pino({ level: "silent" });

/** Drizzle wraps the database's error; the reason is its cause's message. */
async function failureText(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e as Error & { cause?: Error },
  );
  if (!err) throw new Error("expected the promise to reject");
  return `${err.message} ${err.cause?.message ?? ""}`;
}

describe.each(STORE_KINDS)("store on %s", (kind) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it("creates every table and the audit chain head", async () => {
    store = await createTestStore({ kind });
    const tables = await sqlRows<{ table_name: string }>(
      store.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(tables.map((r) => r.table_name)).toEqual([
      "approvals",
      "audit_events",
      "audit_head",
      "credentials",
      "jobs",
      "policies",
      "principals",
      "requests",
    ]);
    const head = await sqlRows(store.db, sql`select last_id::int as last_id, last_hash from audit_head`);
    expect(head).toEqual([{ last_id: 0, last_hash: "" }]);
  });

  it("refuses UPDATE, DELETE and TRUNCATE of audit events", async () => {
    store = await createTestStore({ kind });
    const s = store;
    await s.transaction((tx) =>
      appendAuditEvent(tx, { actor: "alice@example.com", action: "test.event", details: {} }),
    );
    for (const statement of [
      sql`update audit_events set actor_identity = 'mallory@example.com'`,
      sql`delete from audit_events`,
      sql`truncate audit_events`,
    ]) {
      expect(await failureText(s.db.execute(statement))).toMatch(/audit_events is append-only/);
    }
    const rows = await sqlRows(s.db, sql`select actor_identity from audit_events`);
    expect(rows).toEqual([{ actor_identity: "alice@example.com" }]);
  });

  it("rolls back everything a failed transaction did", async () => {
    store = await createTestStore({ kind });
    const s = store;
    await expect(
      s.transaction(async (tx) => {
        await appendAuditEvent(tx, { actor: "a@example.com", action: "test.event", details: {} });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const rows = await sqlRows(s.db, sql`select count(*)::int as n from audit_events`);
    expect(rows).toEqual([{ n: 0 }]);
  });

  it("rolls back the whole transaction when a statement deferred to its commit fails", async () => {
    store = await createTestStore({ kind });
    const s = store;
    await s.db.execute(sql`delete from audit_head`);
    const failed = s.transaction(async (tx) => {
      await tx.execute(sql`insert into principals (identity, trust_tier) values ('a@example.com', 0)`);
      await appendAuditEvent(tx, { actor: "a@example.com", action: "test.event", details: {} });
    });
    expect(await failureText(failed)).toMatch(/audit chain head is missing/);
    expect(await sqlRows(s.db, sql`select count(*)::int as n from principals`)).toEqual([{ n: 0 }]);
    // The connection is back in service: the next transaction commits.
    await s.db.execute(sql`insert into audit_head values (1, 0, '', '')`);
    await s.transaction((tx) =>
      appendAuditEvent(tx, { actor: "a@example.com", action: "test.event", details: {} }),
    );
    expect(await sqlRows(s.db, sql`select count(*)::int as n from audit_events`)).toEqual([{ n: 1 }]);
  });

  it("delivers NOTIFY to listeners only after the notifying transaction commits", async () => {
    store = await createTestStore({ kind });
    const s = store;
    const got: string[] = [];
    const unlisten = await s.listen("jitsudo_test", (p) => got.push(p));
    await s.transaction(async (tx) => {
      await tx.execute(sql`select pg_notify('jitsudo_test', 'in-tx')`);
      await new Promise((r) => setTimeout(r, 100));
      expect(got).toEqual([]);
    });
    await s.notify("jitsudo_test", "direct");
    await expect.poll(() => got, { timeout: 5000 }).toEqual(["in-tx", "direct"]);
    await unlisten();
  });
});

describe("PGlite store", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), "jitsudo-store-"));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("keeps its data across restarts of the same directory", async () => {
    const dir = tempDir();
    const first = await openStore({ location: { kind: "pglite", dataDir: dir }, log });
    await first.transaction((tx) =>
      appendAuditEvent(tx, { actor: "a@example.com", action: "test.event", details: {} }),
    );
    await first.close();
    const second = await openStore({ location: { kind: "pglite", dataDir: dir }, log });
    const rows = await sqlRows(second.db, sql`select last_id::int as last_id from audit_head`);
    expect(rows).toEqual([{ last_id: 1 }]);
    await second.close();
  });

  it("refuses a second store on a directory in use, in this process and in another", async () => {
    const dir = tempDir();
    const store = await openStore({ location: { kind: "pglite", dataDir: dir }, log });
    try {
      await expect(openStore({ location: { kind: "pglite", dataDir: dir }, log })).rejects.toBeInstanceOf(
        DataDirLockedError,
      );
      // The built module (npm test builds first): a plain node process, as a second jitsudod would be.
      const script = `
        import { openStore } from ${JSON.stringify(new URL("../../dist/store/index.js", import.meta.url).pathname)};
        import pino from "pino";
        try { await openStore({ location: { kind: "pglite", dataDir: ${JSON.stringify(dir)} }, log: pino({ level: "silent" }) }); process.exit(0); }
        catch (e) { console.error(e.message); process.exit(3); }`;
      const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
        encoding: "utf8",
        cwd: new URL("../..", import.meta.url).pathname,
      });
      expect(child.status).toBe(3);
      expect(child.stderr).toContain(`in use by another jitsudod process (pid ${process.pid})`);
    } finally {
      await store.close();
    }
    const again = await openStore({ location: { kind: "pglite", dataDir: dir }, log });
    await again.close();
  });

  it("runs with a small buffer pool and four backend slots, also on a directory made with other settings", async () => {
    const dir = join(tempDir(), "data");
    await initDataDirApart(dir, "shared_buffers = 16MB");
    for (const dataDir of [dir, undefined]) {
      const store = await openStore({ location: { kind: "pglite", dataDir }, log });
      try {
        const rows = await sqlRows<{ name: string; setting: string }>(
          store.db,
          sql`select name, current_setting(name) as setting from unnest(array['shared_buffers', 'max_connections']) as name`,
        );
        expect(rows).toEqual([
          { name: "shared_buffers", setting: "8MB" },
          { name: "max_connections", setting: "4" },
        ]);
      } finally {
        await store.close();
      }
    }
  });

  it("fails a query on the store from inside a transaction instead of deadlocking", async () => {
    const store = await openStore({ location: { kind: "pglite", dataDir: undefined }, log });
    try {
      expect(await failureText(store.transaction(async () => store.db.execute(sql`select 1`)))).toMatch(
        /use the transaction's tx/,
      );
      await expect(store.db.execute(sql`select 1 as one`)).resolves.toMatchObject({ rows: [{ one: 1 }] });
    } finally {
      await store.close();
    }
  });
});

describe("database.url", () => {
  it.each([
    ["postgres://u@h:5432/db", { kind: "postgres", url: "postgres://u@h:5432/db" }],
    ["postgresql://h/db", { kind: "postgres", url: "postgresql://h/db" }],
    ["pglite://memory", { kind: "pglite", dataDir: undefined }],
    ["pglite:///var/lib/jitsudo", { kind: "pglite", dataDir: "/var/lib/jitsudo" }],
  ])("%s", (url, want) => {
    expect(parseDatabaseUrl(url)).toEqual(want);
  });

  it("defaults to PGlite in ./jitsudo-data and rejects other schemes", () => {
    expect(parseDatabaseUrl(undefined)).toEqual({
      kind: "pglite",
      dataDir: join(process.cwd(), "jitsudo-data"),
    });
    expect(() => parseDatabaseUrl("mysql://h/db")).toThrow(/database.url/);
    expect(() => parseDatabaseUrl("pglite://")).toThrow(/needs a directory/);
  });
});

/** The migrations committed in drizzle/ (its journal lists each once). */
function migrationCount(): number {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, "meta", "_journal.json"), "utf8"));
  return (journal.entries as unknown[]).length;
}

describe.runIf(STORE_KINDS.includes("postgres"))("migrations on PostgreSQL", () => {
  it("are applied once when several instances start together", async () => {
    const database = await createTestDatabase();
    try {
      const stores = await Promise.all(
        Array.from({ length: 4 }, () =>
          openStore({ location: { kind: "postgres", url: database.url }, log }),
        ),
      );
      const applied = await sqlRows(
        stores[0].db,
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      expect(applied).toEqual([{ n: migrationCount() }]);
      const head = await sqlRows(stores[0].db, sql`select count(*)::int as n from audit_head`);
      expect(head).toEqual([{ n: 1 }]);
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await database.drop();
    }
  });
});

describe.runIf(STORE_KINDS.includes("postgres"))("transactions on PostgreSQL", () => {
  it("write statements deferred to the commit verbatim even with standard_conforming_strings off", async () => {
    const database = await createTestDatabase();
    const url = new URL(database.url);
    url.searchParams.set("options", "-c standard_conforming_strings=off");
    const s = await openStore({ location: { kind: "postgres", url: url.toString() }, log });
    try {
      const [setting] = await sqlRows<{ standard_conforming_strings: string }>(
        s.db,
        sql`show standard_conforming_strings`,
      );
      expect(setting.standard_conforming_strings).toBe("off");
      const text = "back\\slash \\' quote ' \\\\'); select 1; -- \\x41";
      await s.transaction((tx) =>
        appendAuditEvent(tx, {
          actor: "a@example.com",
          action: "test.event",
          resourceScope: text,
          details: { text },
        }),
      );
      const rows = await sqlRows<{ resource_scope: string; details_json: string }>(
        s.db,
        sql`select resource_scope, details_json from audit_events`,
      );
      expect(rows).toEqual([{ resource_scope: text, details_json: JSON.stringify({ text }) }]);
    } finally {
      await s.close();
      await database.drop();
    }
  });
});
