/**
 * Runs the command of `exec`/`shell` with stdio inherited and the given environment, relays
 * SIGINT/SIGTERM/SIGHUP/SIGQUIT to it instead of letting them end jitsudo first, and resolves with
 * its exit code: its own, 128 + the signal's number if a signal ended it, 127 if it does not exist,
 * 126 if it cannot be executed.
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { CliError } from "../errors.js";
import { EXIT, SIGNAL_EXIT_BASE } from "../exit-codes.js";
import { inTerminalForeground } from "./foreground.js";

const RELAYED = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"] as const;
/** Signals a terminal sends to its whole foreground process group when a key is typed. */
const TYPED_AT_TERMINAL = new Set<NodeJS.Signals>(["SIGINT", "SIGQUIT"]);

export function runChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env });
    const relay = (signal: NodeJS.Signals) => {
      if (TYPED_AT_TERMINAL.has(signal) && inTerminalForeground()) return;
      child.kill(signal);
    };
    for (const signal of RELAYED) process.on(signal, relay);
    const stopRelaying = () => {
      for (const signal of RELAYED) process.off(signal, relay);
    };

    child.once("error", (err: NodeJS.ErrnoException) => {
      stopRelaying();
      if (err.code === "ENOENT") reject(new CliError(`command not found: ${command}`, EXIT.commandNotFound));
      else if (err.code === "EACCES")
        reject(new CliError(`permission denied: ${command}`, EXIT.notExecutable));
      else reject(new CliError(`cannot run ${command}: ${err.message}`));
    });
    child.once("exit", (code, signal) => {
      stopRelaying();
      resolve(code ?? SIGNAL_EXIT_BASE + (signal ? constants.signals[signal] : 0));
    });
  });
}
