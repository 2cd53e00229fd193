import { describe, expect, it } from "vitest";
import { MALLOC_TRIM_THRESHOLD, type Runtime, tunedEnvironment } from "../../src/bin/malloc-tuning.js";

/** A Linux process on glibc, not being debugged, unless `overrides` say otherwise. */
const runtime = (overrides: Partial<Runtime> = {}): Runtime => ({
  platform: "linux",
  env: {},
  debugging: false,
  glibcVersion: () => "2.36",
  ...overrides,
});

describe("tunedEnvironment", () => {
  it("adds the trim threshold to the environment on Linux with glibc, keeping the rest", () => {
    expect(tunedEnvironment(runtime({ env: { PATH: "/usr/bin", JITSUDOD_X: "1" } }))).toEqual({
      PATH: "/usr/bin",
      JITSUDOD_X: "1",
      MALLOC_TRIM_THRESHOLD_: MALLOC_TRIM_THRESHOLD,
    });
  });

  it("leaves an operator's own malloc settings alone, and so never re-executes twice", () => {
    for (const env of [
      { MALLOC_TRIM_THRESHOLD_: "65536" },
      { GLIBC_TUNABLES: "glibc.malloc.trim_threshold=0" },
    ]) {
      expect(tunedEnvironment(runtime({ env }))).toBeUndefined();
    }
    const reexecuted = tunedEnvironment(runtime());
    expect(tunedEnvironment(runtime({ env: reexecuted }))).toBeUndefined();
  });

  it("keeps GLIBC_TUNABLES that set something other than malloc", () => {
    const env = tunedEnvironment(runtime({ env: { GLIBC_TUNABLES: "glibc.rtld.optional_static_tls=2048" } }));
    expect(env?.MALLOC_TRIM_THRESHOLD_).toBe(MALLOC_TRIM_THRESHOLD);
  });

  it("does nothing where the variable means nothing: another C library or another system", () => {
    expect(tunedEnvironment(runtime({ glibcVersion: () => undefined }))).toBeUndefined();
    for (const platform of ["darwin", "win32", "freebsd"] as const) {
      expect(tunedEnvironment(runtime({ platform }))).toBeUndefined();
    }
  });

  it("does not replace a process a debugger is attached to", () => {
    expect(tunedEnvironment(runtime({ debugging: true }))).toBeUndefined();
  });

  it("asks for glibc's version only when everything else says to re-execute (it costs a process report)", () => {
    let asked = 0;
    const glibcVersion = () => {
      asked++;
      return "2.36";
    };
    tunedEnvironment(runtime({ platform: "darwin", glibcVersion }));
    tunedEnvironment(runtime({ env: { MALLOC_TRIM_THRESHOLD_: "1" }, glibcVersion }));
    tunedEnvironment(runtime({ debugging: true, glibcVersion }));
    expect(asked).toBe(0);
    tunedEnvironment(runtime({ glibcVersion }));
    expect(asked).toBe(1);
  });
});
