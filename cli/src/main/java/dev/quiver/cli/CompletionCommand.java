package dev.quiver.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code quiver completion}: a bash/zsh completion script for every command and option, and for the names of
 * functions and revisions, which it asks the platform for at each tab press ({@link NamesCommand}).
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a bash (and zsh) completion script for quiver.",
                "Load it in the current shell with: source <(quiver completion)"})
public class CompletionCommand implements Callable<Integer> {

    /**
     * Wraps picocli's completion: the word after a command that takes a function name completes from the
     * platform's functions, the word after {@code --revision} (and a revision argument of {@code rollback}) from the
     * function's revisions; everything else is picocli's. {@code --target}, {@code -n} and {@code --kubeconfig}
     * typed on the line are passed on, so the names come from where the command will go.
     */
    static final String NAMES = """

            _quiver_names() {
              local i passed=()
              for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
                case "${COMP_WORDS[i]}" in
                  --target|-n|--namespace|--context|--kubeconfig|--admin-url|--admin-token-file)
                    passed+=("${COMP_WORDS[i]}" "${COMP_WORDS[i+1]}") ;;
                esac
              done
              "${COMP_WORDS[0]}" __complete "$@" "${passed[@]}" 2>/dev/null
            }

            _quiver_with_names() {
              local curr="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" command="${COMP_WORDS[1]}"
              local i args=()
              for ((i = 2; i < COMP_CWORD; i++)); do
                case "${COMP_WORDS[i]}" in
                  -*) [[ "${COMP_WORDS[i]}" == *=* ]] || [[ "${COMP_WORDS[i]}" =~ ^-(f|v)$ ]] || ((i++)) ;;
                  *) args+=("${COMP_WORDS[i]}") ;;
                esac
              done
              if [[ "$command" == rollout && ${#args[@]} -ge 1 ]]; then
                args=("${args[@]:1}")
              fi
              if [[ "$prev" == --revision && ${#args[@]} -ge 1 ]]; then
                COMPREPLY=( $(compgen -W "$(_quiver_names revisions "${args[0]}")" -- "$curr") )
                return
              fi
              if [[ "$curr" != -* ]]; then
                case "$command" in
                  describe|invoke|logs|traffic|rollback|delete|rollout)
                    if [[ ${#args[@]} -eq 0 && ( "$command" != rollout || COMP_CWORD -ge 3 ) ]]; then
                      COMPREPLY=( $(compgen -W "$(_quiver_names functions)" -- "$curr") )
                      return
                    fi
                    if [[ "$command" == rollback && ${#args[@]} -eq 1 ]]; then
                      COMPREPLY=( $(compgen -W "$(_quiver_names revisions "${args[0]}")" -- "$curr") )
                      return
                    fi ;;
                esac
              fi
              _complete_quiver "$@"
            }

            complete -F _quiver_with_names -o default quiver quiver.sh quiver.bash
            """;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("quiver", spec.root().commandLine()));
        spec.commandLine().getOut().print(NAMES);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
