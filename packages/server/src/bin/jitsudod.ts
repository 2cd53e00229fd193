#!/usr/bin/env node
/**
 * `jitsudod`. Loading the program's ~650 modules makes Node parse drizzle-orm's 180 KB package.json
 * once per file of it (the module-format lookup): garbage that grows V8's young generation to its
 * maximum, whose pages then stay resident (about 150 MB of idle RSS). The young generation is kept
 * at its initial size instead; the flag must be set before the module graph loads, hence this stub.
 */
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--semi-space-growth-factor=1");
await import("../app/cli.js");
