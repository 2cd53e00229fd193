import { describe, expect, it } from "vitest";
import { MALLOC_TRIM_THRESHOLD, tunedEnvironment } from "../../src/bin/malloc-tuning.js";

const glibc = () => "2.36";

describe("tunedEnvironment", () => {
  it("adds the trim threshold to the environment on Linux with glibc, keeping the rest", () => {
    const env = tunedEnvironment({
      platform: "linux",
      env: { PATH: "/usr/bin", JITSUDOD_X: "1" },
      glibcVersion: glibc,
    });
    expect(env).toEqual({ PATH: "/usr/bin", JITSUDOD_X: "1", MALLOC_TRIM_THRESHOLD_: MALLOC_TRIM_THRESHOLD });
  });

  it("leaves an operator's own malloc settings alone, and so never re-executes twice", () => {
    for (const env of [
      { MALLOC_TRIM_THRESHOLD_: "65536" },
      { GLIBC_TUNABLES: "glibc.malloc.trim_threshold=0" },
    ]) {
      expect(tunedEnvironment({ platform: "linux", env, glibcVersion: glibc })).toBeUndefined();
    }
    const reexecuted = tunedEnvironment({ platform: "linux", env: {}, glibcVersion: glibc });
    expect(
      tunedEnvironment({ platform: "linux", env: reexecuted ?? {}, glibcVersion: glibc }),
    ).toBeUndefined();
  });

  it("keeps GLIBC_TUNABLES that set something other than malloc", () => {
    const env = tunedEnvironment({
      platform: "linux",
      env: { GLIBC_TUNABLES: "glibc.rtld.optional_static_tls=2048" },
      glibcVersion: glibc,
    });
    expect(env?.MALLOC_TRIM_THRESHOLD_).toBe(MALLOC_TRIM_THRESHOLD);
  });

  it("does nothing where the variable means nothing: another C library or another system", () => {
    expect(tunedEnvironment({ platform: "linux", env: {}, glibcVersion: () => undefined })).toBeUndefined();
    for (const platform of ["darwin", "win32", "freebsd"] as const) {
      expect(tunedEnvironment({ platform, env: {}, glibcVersion: glibc })).toBeUndefined();
    }
  });

  it("asks for glibc's version only when everything else says to re-execute (it costs a process report)", () => {
    let asked = 0;
    const glibcVersion = () => {
      asked++;
      return "2.36";
    };
    tunedEnvironment({ platform: "darwin", env: {}, glibcVersion });
    tunedEnvironment({ platform: "linux", env: { MALLOC_TRIM_THRESHOLD_: "1" }, glibcVersion });
    expect(asked).toBe(0);
    tunedEnvironment({ platform: "linux", env: {}, glibcVersion });
    expect(asked).toBe(1);
  });
});
