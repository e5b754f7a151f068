# triage(1) completion for bash                             -*- shell-script -*-
#
# Completes the commands, each command's options (the ones its --help lists:
# tests/completion.sh compares them), directories after --rules, --old, --new
# and --transcripts, case files after --case, and, after `triage explain
# --case FILE`, the ids the rules define. The ids are read from the rule files
# themselves (the directories the command line would load), without running
# triage. `make install` replaces the two default directories below with the
# installed ones.

_triage_default_dirs=(/usr/share/triage/rules /etc/triage/rules.d)

# The options of each command, as its --help lists them.
_triage_options()
{
    case $1 in
        ask) echo --rules --transcript --safe --help ;;
        batch) echo --rules --format --detail --transcripts --jobs --quiet --help ;;
        interview) echo --case --format --transcript --rules --help ;;
        explain) echo --case --rules --help ;;
        audit) echo --rules --help ;;
        graph) echo --case --all --rules --help ;;
        lint) echo --rules --help ;;
        test) echo --rules --coverage --help ;;
        check-safety) echo --rules --samples --seed --quiet --help ;;
        diff) echo --old --new --generated --seed --help ;;
        serve) echo --listen --threads --allow-origin --rules --help ;;
    esac
}

_triage_commands="ask batch interview explain audit graph lint test check-safety diff serve help"

# The rules directories the command line would load, one a line: its --rules
# (and, for diff, --new) directories, else $TRIAGE_RULES, else rules/ beside
# the program, else the installed rules and overlay (as triage itself chooses).
_triage_rules_dirs()
{
    local i j w v dirs=() n=${#COMP_WORDS[@]}
    for ((i = 1; i < n; i++)); do
        ((i == COMP_CWORD)) && continue
        w=${COMP_WORDS[i]} v=
        case $w in
            --rules | --new)
                j=$((i + 1))
                [[ ${COMP_WORDS[j]-} == = ]] && ((j++))
                ((j < n && j != COMP_CWORD)) && v=${COMP_WORDS[j]}
                ;;
            --rules=* | --new=*) v=${w#*=} ;;
        esac
        [[ -n $v ]] && dirs+=("${v/#\~/$HOME}")
    done
    if ((${#dirs[@]} == 0)); then
        if [[ -n ${TRIAGE_RULES-} ]]; then
            IFS=: read -r -a dirs <<<"$TRIAGE_RULES"
        else
            local prog=${COMP_WORDS[0]/#\~/$HOME}
            [[ $prog == */* ]] || prog=$(type -P -- "$prog")
            [[ -n $prog ]] && prog=$(readlink -f -- "$prog")
            if [[ -n $prog && -d ${prog%/*}/rules ]]; then
                dirs=("${prog%/*}/rules")
            else
                dirs=("${_triage_default_dirs[@]}")
            fi
        fi
    fi
    printf '%s\n' "${dirs[@]}"
}

# The ids of the definitions of the given kinds (question, disposition-def,
# trigger-def, contributor-def, recommendation-def, caution-def) in the rules
# the command line would load, one a line, sorted.
_triage_ids()
{
    local kinds d f files=()
    kinds=$(IFS='|'; echo "$*")
    while IFS= read -r d; do
        for f in "$d"/*.clp; do
            [[ -f $f && -r $f ]] && files+=("$f")
        done
    done < <(_triage_rules_dirs)
    ((${#files[@]})) || return 0
    sed 's/;.*//' -- "${files[@]}" 2>/dev/null | tr '\n\t' '  ' |
        grep -oE "\((${kinds})[[:space:]]+\(id[[:space:]]+[A-Za-z0-9_][^[:space:]()]*" |
        sed 's/.*[[:space:]]//' | sort -u
}

_triage_reply()
{
    mapfile -t COMPREPLY < <(compgen "$@")
}

_triage_files()
{
    compopt -o filenames 2>/dev/null
    _triage_reply -f -- "$cur"
}

_triage_dirs()
{
    compopt -o filenames 2>/dev/null
    _triage_reply -d -- "$cur"
}

_triage()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev= cmd= i w
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()

    # --option=value, whether or not the shell split it at the '='
    if [[ $cur == --*=* ]]; then
        prev=${cur%%=*} cur=${cur#*=}
    elif [[ $cur == = && $prev == --* ]]; then
        cur=
    elif [[ $prev == = && COMP_CWORD -gt 1 ]]; then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi

    # The command: the first word, unless it is an option (the shell, ask).
    if ((COMP_CWORD > 1)); then
        w=${COMP_WORDS[1]}
        if [[ $w == -* ]]; then
            case $w in --help | -h | --version) return 0 ;; esac
            cmd=ask
        else
            cmd=$w
        fi
    fi

    case $prev in
        --rules | --old | --new | --transcripts)
            _triage_dirs
            return 0
            ;;
        --case)
            _triage_files
            return 0
            ;;
        --transcript)
            _triage_files
            return 0
            ;;
        --format)
            case $cmd in
                interview) _triage_reply -W "text json" -- "$cur" ;;
                *) _triage_reply -W "json text" -- "$cur" ;;
            esac
            return 0
            ;;
        --jobs)
            _triage_reply -W "1 2 3 4 5 6 7 8" -- "$cur"
            return 0
            ;;
        --detail)
            _triage_reply -W "full summary" -- "$cur"
            return 0
            ;;
        --listen)
            _triage_reply -W "127.0.0.1:8080" -- "$cur"
            return 0
            ;;
        --samples | --seed | --generated | --threads | --allow-origin)
            return 0
            ;;
    esac

    if ((COMP_CWORD == 1)); then
        if [[ $cur == -* ]]; then
            _triage_reply -W "--help --version --rules --transcript --safe" -- "$cur"
        else
            _triage_reply -W "$_triage_commands" -- "$cur"
        fi
        return 0
    fi

    if [[ $cur == -* ]]; then
        _triage_reply -W "$(_triage_options "$cmd")" -- "$cur"
        return 0
    fi

    # The plain arguments before this one (options and their values skipped).
    local args=()
    for ((i = 2; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        case $w in
            --rules | --old | --new | --transcripts | --case | --transcript | --format | --detail | --jobs | \
                --samples | --seed | --generated | --listen | --threads | --allow-origin)
                ((i++))
                [[ ${COMP_WORDS[i]-} == = ]] && ((i++))
                ;;
            -*) ;;
            *) args+=("$w") ;;
        esac
    done

    case $cmd in
        help)
            ((${#args[@]} == 0)) && _triage_reply -W "$_triage_commands" -- "$cur"
            ;;
        explain)
            local kinds=(disposition-def trigger-def contributor-def recommendation-def caution-def)
            if ((${#args[@]} == 0)); then
                _triage_reply -W "why-not disposition $(_triage_ids "${kinds[@]}")" -- "$cur"
            elif ((${#args[@]} == 1)) && [[ ${args[0]} == why-not ]]; then
                _triage_reply -W "$(_triage_ids "${kinds[@]}")" -- "$cur"
            fi
            ;;
        batch | audit | test | diff)
            _triage_files
            ;;
    esac
    return 0
}

complete -F _triage triage
