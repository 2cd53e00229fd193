/**
 * Runs one `jitsudo` invocation: parses the command line, runs the command, reports errors and
 * returns the exit code (spec 06: 0 ok, 1 failure, 2 usage, 3 `--wait` without access, 4 not
 * authenticated; `exec`/`shell` their command's code).
 */
import { type Command, CommanderError } from "commander";
import { Context } from "./context.js";
import { EXIT } from "./exit-codes.js";
import { paletteFor } from "./output/color.js";
import type { OutputFormat, Stdio } from "./output/printer.js";
import { type Invoke, buildProgram } from "./program.js";
import { describeError } from "./report-error.js";
import { type GlobalFlags, resolveSettings } from "./settings/settings.js";

const DOCUMENT_FORMATS: readonly OutputFormat[] = ["table", "json", "yaml"];

export async function main(
  argv: readonly string[],
  io: Stdio = { stdout: process.stdout, stderr: process.stderr },
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const errPalette = paletteFor(io.stderr, env);
  let exitCode: number = EXIT.ok;
  let debug = false;

  const invoke: Invoke =
    (load, formats = DOCUMENT_FORMATS) =>
    async (...params) => {
      const command = params[params.length - 1] as Command;
      const settings = await resolveSettings(command.optsWithGlobals<GlobalFlags>(), env);
      debug = settings.debug;
      const ctx = new Context(settings, io, env, formats);
      const module = await load();
      const args = (command.processedArgs as unknown[])
        .flat()
        .filter((a): a is string => typeof a === "string");
      const code = await module.run(ctx, args, command.opts() as never);
      exitCode = typeof code === "number" ? code : EXIT.ok;
    };

  const program = buildProgram(invoke);
  configureErrors(program, io, errPalette.red("Error:"));
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return commanderExitCode(err);
    const report = describeError(err);
    io.stderr.write(`${errPalette.red("Error:")} ${report.message}\n`);
    if (report.hint) io.stderr.write(`${report.hint}\n`);
    if (debug && err instanceof Error && err.stack) io.stderr.write(`${errPalette.dim(err.stack)}\n`);
    return report.exitCode;
  }
}

/** Commander reports usage errors itself; this makes them exit 2 and read like the CLI's own errors. */
function configureErrors(program: Command, io: Stdio, errorLabel: string): void {
  const apply = (command: Command) => {
    command.exitOverride();
    command.configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(text.replace(/^error: /, `${errorLabel} `)),
    });
    command.commands.forEach(apply);
  };
  apply(program);
}

function commanderExitCode(err: CommanderError): number {
  // --help, --version, and `help <command>` end the program successfully.
  if (
    ["commander.helpDisplayed", "commander.version", "commander.help"].includes(err.code) &&
    err.exitCode === 0
  ) {
    return EXIT.ok;
  }
  return EXIT.usage;
}
