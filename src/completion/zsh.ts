// The zsh completion script: the lookup tables shared with bash, with descriptions, and a function
// that walks `words` to the command path being completed and offers options and subcommands with
// their descriptions (_describe), files with _files.
import { posixTables } from './posix-tables.js';
import { WALK_WORDS_BODY } from './posix-walk.js';
import type { CommandSpec } from './spec.js';

// `cmdpath`, not `path`: in zsh, `path` is the array tied to PATH.
const WALK = `# Completes the word under the cursor: an option, a subcommand, an option's value or an argument.
_neosl() {
  local cur=\${words[CURRENT]} cmdpath='' word expecting='' cwd='' kind
  local -i positional=0 i
  for (( i = 2; i < CURRENT; i++ )); do
    word=\${words[i]}
${WALK_WORDS_BODY}  if [[ -n $expecting ]]; then
    kind=$(_neosl_option_value "$cmdpath" "$expecting")
  elif [[ $cur == -* ]]; then
    local -a described_options
    described_options=(\${(f)"$(_neosl_options_described "$cmdpath")"})
    _describe -t options 'option' described_options
    return
  elif (( positional == 0 )) && [[ -n $(_neosl_subcommands "$cmdpath") ]]; then
    local -a described_subcommands
    described_subcommands=(\${(f)"$(_neosl_subcommands_described "$cmdpath")"})
    _describe -t commands 'neosl command' described_subcommands
    return
  else
    kind=$(_neosl_positional "$cmdpath" "$positional")
  fi
  local -a values
  case $kind in
    'choices '*) values=(\${=\${kind#choices }}); compadd -a values ;;
    functions) values=(\${(f)"$(command \${words[1]} \${cwd:+--cwd} \${cwd:+$cwd} __complete functions 2>/dev/null)"}); compadd -a values ;;
    files) _files ;;
    directories) _files -/ ;;
  esac
}

if [[ \${funcstack[1]} == _neosl ]]; then
  _neosl "$@"
else
  compdef _neosl neosl
fi`;

export function zshScript(spec: CommandSpec, version: string): string {
  return [
    '#compdef neosl',
    `# zsh completion for neosl ${version}, made by "neosl completion zsh" from the commands of this version.`,
    '# Load it in this shell (after compinit):  source <(neosl completion zsh)',
    '# Install it for good:  neosl completion zsh > "${fpath[1]}/_neosl", then start a new shell',
    '',
    posixTables(spec, { withDescriptions: true }),
    '',
    WALK,
    '',
  ].join('\n');
}
