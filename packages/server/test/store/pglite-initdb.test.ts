import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
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

  it("says which directory could not be initialised, and why", async () => {
    const file = join(newDir(), "not-a-directory");
    writeFileSync(file, "");
    await expect(initDataDirApart(join(file, "data"), "")).rejects.toThrow(
      /^could not initialise the database in .*not-a-directory\/data: ENOTDIR[^\n]*$/,
    );
  });
});
