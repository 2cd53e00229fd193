#!/usr/bin/env node
/**
 * `jitsudod`. Two settings that must be made before the program loads (hence this stub):
 * glibc's malloc thresholds (see malloc-tuning.ts), and V8's young generation, which keeps its
 * initial size while the ~950 modules load. Loading makes Node parse drizzle-orm's 180 KB
 * package.json once per file of it (the module-format lookup): garbage that would grow the young
 * generation to its maximum, doubling start-up's peak RSS (VmHWM 140 → 283 MB on PostgreSQL; the
 * start-up collection of app/memory-release.ts gives the pages back afterwards). It may grow
 * again afterwards, for the work that needs it (verifying the audit chain: a third faster).
 */
import { setFlagsFromString } from "node:v8";
import { reexecWithTunedMalloc } from "./malloc-tuning.js";

reexecWithTunedMalloc();
setFlagsFromString("--semi-space-growth-factor=1");
await import("../app/cli.js");
setFlagsFromString("--semi-space-growth-factor=2");
