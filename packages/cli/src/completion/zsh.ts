/** `jitsudo completion zsh`. */
import { type CompletionNode, allNodes, singleQuote, valueOptions } from "./tree.js";

/** `name:description` for `_describe`, with colons in the name escaped. */
function entry(name: string, description: string): string {
  return singleQuote(`${name.replace(/:/g, "\\:")}:${description}`);
}

export function zshCompletion(root: CompletionNode): string {
  const nodes = allNodes(root);
  const paths = nodes.slice(1).map((n) => n.path.join(" "));
  const valueCases = valueOptions(root).map((o) => {
    const action = o.choices ? `compadd -- ${o.choices.join(" ")}` : o.file ? "_files" : "_message 'value'";
    return `    (${o.names.join("|")}) ${action}; return ;;`;
  });
  const nodeCases = nodes.map((n) => {
    const options = n === root ? n.options : [...n.options, ...root.options];
    const entries = [
      ...n.children.map((c) => entry(c.path[c.path.length - 1], c.description)),
      ...(n.argumentChoices ?? []).map((v) => entry(v, v)),
      ...options.flatMap((o) => o.names.map((name) => entry(name, o.description))),
    ];
    return `    (${singleQuote(n.path.join(" "))}) entries=(${entries.join(" ")}) ;;`;
  });
  return `#compdef jitsudo
# zsh completion for jitsudo. Install it with: jitsudo completion zsh > "\${fpath[1]}/_jitsudo"
_jitsudo() {
  local cmdpath="" word candidate i
  local -a entries
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    [[ "$word" == -* ]] && continue
    candidate="\${cmdpath:+$cmdpath }$word"
    case "$candidate" in
      (${paths.map(singleQuote).join("|")}) cmdpath="$candidate" ;;
    esac
  done
  case "\${words[CURRENT-1]}" in
${valueCases.join("\n")}
  esac
  case "$cmdpath" in
${nodeCases.join("\n")}
  esac
  _describe -t jitsudo 'jitsudo' entries
}
compdef _jitsudo jitsudo
`;
}
