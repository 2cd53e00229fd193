#!/usr/bin/env node
/**
 * `jitsudod`. Loading the program's ~650 modules makes Node parse drizzle-orm's 180 KB package.json
 * once per file of it (the module-format lookup): garbage that grows V8's young generation to its
 * maximum, whose pages then stay resident (about 140 MB of idle RSS). The young generation keeps its
 * initial size while the module graph loads (the flag must be set before, hence this stub) and may
 * grow again afterwards, for the work that needs it (verifying the audit chain: a third faster).
 */
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--semi-space-growth-factor=1");
await import("../app/cli.js");
setFlagsFromString("--semi-space-growth-factor=2");
