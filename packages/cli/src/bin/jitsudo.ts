#!/usr/bin/env node
/**
 * The `jitsudo` executable. Start-up time is part of the product (spec 11): compiled code is
 * cached between runs, and `--version` alone answers before anything else is loaded.
 */
import { enableCompileCache } from "node:module";
import { CLI_VERSION } from "../version.js";

enableCompileCache?.();

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  process.stdout.write(`${CLI_VERSION}\n`);
} else {
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    // The reader went away (`jitsudo audit --all | head`): stop quietly, as other tools do.
    if (err.code === "EPIPE") process.exit(0);
    throw err;
  });
  const { main } = await import("../main.js");
  process.exitCode = await main(args);
}
