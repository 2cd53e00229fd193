/** `jitsudo completion fish`. */
import { type CompletionNode, allNodes, singleQuote } from "./tree.js";

export function fishCompletion(root: CompletionNode): string {
  const nodes = allNodes(root);
  const lines: string[] = [];
  for (const node of nodes) {
    const at = `-n ${singleQuote(`__jitsudo_at ${singleQuote(node.path.join(" "))}`)}`;
    for (const child of node.children) {
      lines.push(
        `complete -c jitsudo -f ${at} -a ${singleQuote(child.path[child.path.length - 1])} -d ${singleQuote(child.description)}`,
      );
    }
    for (const value of node.argumentChoices ?? [])
      lines.push(`complete -c jitsudo -f ${at} -a ${singleQuote(value)}`);
    for (const option of node.options) {
      const scope = node === root ? "" : `${at} `;
      const names = option.names
        .map((n) => (n.startsWith("--") ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`))
        .join(" ");
      const value = option.choices
        ? ` -x -a ${singleQuote(option.choices.join(" "))}`
        : option.takesValue
          ? option.file
            ? " -r -F"
            : " -x"
          : "";
      lines.push(`complete -c jitsudo ${scope}${names}${value} -d ${singleQuote(option.description)}`);
    }
  }
  const paths = nodes.slice(1).map((n) => singleQuote(n.path.join(" ")));
  return `# fish completion for jitsudo. Install it with: jitsudo completion fish > ~/.config/fish/completions/jitsudo.fish
set -g __jitsudo_paths ${paths.join(" ")}

# True when the words typed so far name the command path $argv[1] ('' for the top level).
function __jitsudo_at
    set -l path
    for word in (commandline -opc)[2..-1]
        string match -q -- '-*' $word; and continue
        set -l candidate (string join ' ' $path $word)
        contains -- $candidate $__jitsudo_paths; and set path $path $word
    end
    set -l joined (string join ' ' $path)
    test "$joined" = "$argv[1]"
end

complete -c jitsudo -f
${lines.join("\n")}
`;
}
