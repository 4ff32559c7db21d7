// The part of the bash and zsh completion functions that walks the words typed so far: it skips
// options and their values (remembering --cwd's, for function names), follows subcommands into
// `cmdpath` and counts positional arguments. Each shell supplies its own loop header (the array
// and where it starts) and sets `word` from it.
export const WALK_WORDS_BODY = `    if [[ -n $expecting ]]; then
      [[ $expecting == --cwd ]] && cwd=$word
      expecting=''
      continue
    fi
    case $word in
      -*=*) ;;
      -*) [[ -n $(_neosl_option_value "$cmdpath" "$word") ]] && expecting=$word ;;
      *)
        if (( positional == 0 )) && [[ " $(_neosl_subcommands "$cmdpath") " == *" $word "* ]]; then
          cmdpath=\${cmdpath:+$cmdpath }$word
        else
          positional=$(( positional + 1 ))
        fi
        ;;
    esac
  done
`;
