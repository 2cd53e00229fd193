/** `jitsudo completion bash`. */
import { type CompletionNode, allNodes, singleQuote, valueOptions, wordsAt } from "./tree.js";

export function bashCompletion(root: CompletionNode): string {
  const nodes = allNodes(root);
  const paths = nodes.slice(1).map((n) => n.path.join(" "));
  const valueCases = valueOptions(root).map((o) => {
    const reply = o.choices
      ? `COMPREPLY=($(compgen -W ${singleQuote(o.choices.join(" "))} -- "$cur"))`
      : o.file
        ? `COMPREPLY=($(compgen -f -- "$cur"))`
        : "COMPREPLY=()";
    return `    ${o.names.join("|")}) ${reply}; return ;;`;
  });
  const wordCases = nodes.map(
    (n) => `    ${singleQuote(n.path.join(" "))}) words=${singleQuote(wordsAt(n, root).join(" "))} ;;`,
  );
  return `# bash completion for jitsudo. Load it with: source <(jitsudo completion bash)
_jitsudo() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local cmdpath="" word i candidate words=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    candidate="\${cmdpath:+$cmdpath }$word"
    case "$candidate" in
      ${paths.map(singleQuote).join("|")}) cmdpath="$candidate" ;;
    esac
  done
  case "$prev" in
${valueCases.join("\n")}
  esac
  case "$cmdpath" in
${wordCases.join("\n")}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _jitsudo jitsudo
`;
}
