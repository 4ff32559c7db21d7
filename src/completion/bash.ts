// The bash completion script: the shared lookup tables and a function that walks the words typed
// so far (skipping options and their values) to the command path being completed. Works with
// bash 3.2 (macOS) and later: no associative arrays, no mapfile.
import { posixTables } from './posix-tables.js';
import { WALK_WORDS_BODY } from './posix-walk.js';
import type { CommandSpec } from './spec.js';

const WALK = `# Completes the word under the cursor: an option, a subcommand, an option's value or an argument.
_neosl() {
  local cur=\${COMP_WORDS[COMP_CWORD]} cmdpath='' word expecting='' cwd='' positional=0 i kind
  COMPREPLY=()
  for (( i = 1; i < COMP_CWORD; i++ )); do
    word=\${COMP_WORDS[i]}
${WALK_WORDS_BODY}  if [[ -n $expecting ]]; then
    kind=$(_neosl_option_value "$cmdpath" "$expecting")
  elif [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_neosl_options "$cmdpath")" -- "$cur"))
    return 0
  elif (( positional == 0 )) && [[ -n $(_neosl_subcommands "$cmdpath") ]]; then
    COMPREPLY=($(compgen -W "$(_neosl_subcommands "$cmdpath")" -- "$cur"))
    return 0
  else
    kind=$(_neosl_positional "$cmdpath" "$positional")
  fi
  local IFS=$'\\n'
  case $kind in
    'choices '*) COMPREPLY=($(IFS=' '; compgen -W "\${kind#choices }" -- "$cur")) ;;
    functions) COMPREPLY=($(compgen -W "$(command "\${COMP_WORDS[0]}" \${cwd:+--cwd} \${cwd:+$cwd} __complete functions 2>/dev/null)" -- "$cur")) ;;
    files) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
    directories) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")) ;;
  esac
  return 0
}

complete -F _neosl neosl`;

export function bashScript(spec: CommandSpec, version: string): string {
  return [
    `# bash completion for neosl ${version}, made by "neosl completion bash" from the commands of this version.`,
    '# Load it in this shell:  source <(neosl completion bash)',
    '# Install it for good:     neosl completion bash > ~/.local/share/bash-completion/completions/neosl',
    '',
    posixTables(spec, { withDescriptions: false }),
    '',
    WALK,
    '',
  ].join('\n');
}
