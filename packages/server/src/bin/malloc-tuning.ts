/**
 * glibc's malloc raises its trim and mmap thresholds whenever a large block is freed; after that,
 * memory that V8's background compiler threads freed stays in their malloc arenas for the life of
 * the process: ~60 MB of idle RSS with PGlite (its WebAssembly is compiled on those threads),
 * ~10 MB on PostgreSQL. Setting MALLOC_TRIM_THRESHOLD_ pins both thresholds, here at glibc's own
 * initial value, so freed memory goes back to the system. glibc reads the variable only when a
 * process starts, so jitsudod re-executes itself once with it set: same PID, same arguments.
 */
import { accessSync, constants } from "node:fs";
import { url as inspectorUrl } from "node:inspector";

export const MALLOC_TRIM_THRESHOLD = "131072";

interface ProcessReport {
  readonly header: { readonly glibcVersionRuntime?: string };
}

export interface Runtime {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  /** A debugger's inspector is open: re-executing would drop its session (and pause twice with --inspect-brk). */
  readonly debugging: boolean;
  /** glibc's version when the process runs on glibc (musl and others ignore the variable); asked last, it costs a process report. */
  readonly glibcVersion: () => string | undefined;
}

/**
 * The environment to re-execute with, or undefined to run as is: not glibc, or the operator set
 * the threshold (or any glibc malloc tunable) themselves, this process is the re-executed one, or
 * it is being debugged.
 */
export function tunedEnvironment(runtime: Runtime): NodeJS.ProcessEnv | undefined {
  if (runtime.platform !== "linux" || runtime.debugging) return undefined;
  if (runtime.env.MALLOC_TRIM_THRESHOLD_ !== undefined) return undefined;
  if (runtime.env.GLIBC_TUNABLES?.includes("glibc.malloc.")) return undefined;
  if (runtime.glibcVersion() === undefined) return undefined;
  return { ...runtime.env, MALLOC_TRIM_THRESHOLD_: MALLOC_TRIM_THRESHOLD };
}

/** Replaces this process with itself under the tuned environment, when there is one to use. */
export function reexecWithTunedMalloc(): void {
  const env = tunedEnvironment({
    platform: process.platform,
    env: process.env,
    debugging: inspectorUrl() !== undefined,
    glibcVersion: () => (process.report.getReport() as ProcessReport).header.glibcVersionRuntime,
  });
  if (env === undefined || process.execve === undefined) return;
  try {
    // A failing execve aborts the process instead of throwing, so make sure it cannot fail.
    accessSync(process.execPath, constants.X_OK);
  } catch {
    return;
  }
  process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], env);
}
