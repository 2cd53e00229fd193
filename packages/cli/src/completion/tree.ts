/** The command tree as completion scripts need it, read from the commander program itself. */
import type { Command } from "commander";

export interface CompletionOption {
  /** `--output`, `-o`, … */
  readonly names: readonly string[];
  readonly description: string;
  readonly takesValue: boolean;
  readonly choices?: readonly string[];
  /** Whether the value is a file path. */
  readonly file: boolean;
}

export interface CompletionNode {
  /** Words from the root, e.g. `["policy", "eval"]`; `[]` for the root. */
  readonly path: readonly string[];
  readonly description: string;
  readonly options: readonly CompletionOption[];
  readonly children: readonly CompletionNode[];
  /** Values of the first positional argument, when it has a fixed set. */
  readonly argumentChoices?: readonly string[];
}

export function completionTree(command: Command, path: readonly string[] = []): CompletionNode {
  return {
    path,
    description: command.description(),
    options: command.options.map((o) => ({
      names: [o.long, o.short].filter((n): n is string => n !== undefined),
      description: o.description,
      takesValue: o.required || o.optional,
      choices: o.argChoices,
      file: /<[^>]*(path|file|\.rego|\.json)[^>]*>/.test(o.flags),
    })),
    children: command.commands.map((c) => completionTree(c, [...path, c.name()])),
    argumentChoices: command.registeredArguments[0]?.argChoices,
  };
}

/** Every node of the tree, the root first. */
export function allNodes(root: CompletionNode): CompletionNode[] {
  return [root, ...root.children.flatMap(allNodes)];
}

/** Options that take a value, each once (global options appear in every node). */
export function valueOptions(root: CompletionNode): CompletionOption[] {
  const seen = new Map<string, CompletionOption>();
  for (const node of allNodes(root)) {
    for (const option of node.options) if (option.takesValue) seen.set(option.names.join(" "), option);
  }
  return [...seen.values()];
}

/** Words offered at a node: its subcommands, argument values, own options and the global ones. */
export function wordsAt(node: CompletionNode, root: CompletionNode): string[] {
  const options = node === root ? node.options : [...node.options, ...root.options];
  return [
    ...node.children.map((c) => c.path[c.path.length - 1]),
    ...(node.argumentChoices ?? []),
    ...options.flatMap((o) => o.names),
  ];
}

/** `'it''s'`-style quoting for POSIX shells and fish. */
export function singleQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
