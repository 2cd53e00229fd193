import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "../../src/store/index.js";
import { initDataDirApart } from "../../src/store/pglite-initdb.js";

describe("initDataDirApart", () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "jitsudo-initdb-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("initialises a new directory in another process and leaves an existing one alone", async () => {
    const dir = join(newDir(), "data");
    await initDataDirApart(dir, "shared_buffers = 16MB");
    expect(existsSync(join(dir, "PG_VERSION"))).toBe(true);
    const started = performance.now();
    await initDataDirApart(dir, "shared_buffers = 16MB");
    expect(performance.now() - started).toBeLessThan(100);
  });

  it("applies the migrations there too when given their folder", async () => {
    const dir = join(newDir(), "data");
    await initDataDirApart(dir, "shared_buffers = 16MB", MIGRATIONS_DIR);
    const db = await PGlite.create({ dataDir: dir });
    try {
      const applied = await db.query<{ n: number }>(
        "select count(*)::int as n from drizzle.__drizzle_migrations",
      );
      expect(applied.rows[0]?.n).toBe(readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith(".sql")).length);
      const head = await db.query<{ last_id: number }>("select last_id from audit_head");
      expect(head.rows).toEqual([{ last_id: 0 }]);
    } finally {
      await db.close();
    }
  });

  it("says why the migrations failed", async () => {
    const migrations = newDir();
    mkdirSync(join(migrations, "meta"));
    writeFileSync(
      join(migrations, "meta", "_journal.json"),
      JSON.stringify({
        version: "7",
        dialect: "postgresql",
        entries: [{ idx: 0, version: "7", when: 1, tag: "0000_broken", breakpoints: true }],
      }),
    );
    writeFileSync(join(migrations, "0000_broken.sql"), "create tabel nonsense ();");
    const dir = join(newDir(), "data");
    await expect(initDataDirApart(dir, "", migrations)).rejects.toThrow(
      /^could not initialise the database in .*\/data: Failed query: create tabel[\s\S]*syntax error at or near "tabel"$/,
    );
  });

  it("says which directory could not be initialised, and why", async () => {
    const file = join(newDir(), "not-a-directory");
    writeFileSync(file, "");
    await expect(initDataDirApart(join(file, "data"), "")).rejects.toThrow(
      /^could not initialise the database in .*not-a-directory\/data: ENOTDIR[^\n]*$/,
    );
  });
});
