/** `jitsudo completion bash|zsh|fish`: a completion script generated from the command definitions. */
import { bashCompletion } from "../completion/bash.js";
import { fishCompletion } from "../completion/fish.js";
import { completionTree } from "../completion/tree.js";
import { zshCompletion } from "../completion/zsh.js";
import type { Context } from "../context.js";
import { buildProgram } from "../program.js";

const GENERATORS = { bash: bashCompletion, zsh: zshCompletion, fish: fishCompletion } as const;

export async function run(ctx: Context, [shell]: string[]): Promise<void> {
  const tree = completionTree(buildProgram(() => async () => undefined));
  await ctx.printer.write(GENERATORS[shell as keyof typeof GENERATORS](tree));
}
