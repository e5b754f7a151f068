#!/bin/sh
# completion.sh: the bash completion, driven in a real bash as bash drives it
# (COMP_WORDS, COMP_CWORD, then _triage; the answer is COMPREPLY). The options
# it offers are those each command's --help lists; the ids it offers after
# `triage explain --case FILE` are those the engine knows (triage graph), read
# from whichever rules the command line would load.
# usage: sh tests/completion.sh ./triage (the program whose --help is compared;
# the completion itself is tried on the words of ./triage, whose rules are ./rules)
set -u
T=${1:-./triage}
C=completion/triage.bash
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Which rules the completion reads is part of what is tested: none from outside.
unset TRIAGE_RULES

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# complete WORD... : what bash would offer for the last word, one a line, sorted.
complete_words() {
    bash -c '
        source "$1" || exit 9
        shift
        COMP_WORDS=("$@")
        COMP_CWORD=$(($# - 1))
        COMP_LINE="$*"
        COMP_POINT=${#COMP_LINE}
        _triage
        printf "%s\n" "${COMPREPLY[@]}"' bash "$C" "$@" | grep . | sort -u
}
same() { # name, expected (file), actual (file)
    sort -u "$2" >"$tmp/a"
    sort -u "$3" >"$tmp/b"
    if cmp -s "$tmp/a" "$tmp/b"; then ok; else
        bad "$1"
        comm -23 "$tmp/a" "$tmp/b" | sed 's/^/    not offered: /'
        comm -13 "$tmp/a" "$tmp/b" | sed 's/^/    offered, but not expected: /'
    fi
}
# The options a --help text lists: those of its usage lines (up to the first
# blank line) and those that begin a line of its option list ("  --jobs N   ...");
# not an option named in passing ("... triage batch --transcripts).").
help_options() {
    awk 'NR == 1 { u = 1 } u { if ($0 == "") u = 0; else print; next }
         /^[ \t]*--[a-z][a-z-]*( [^ ]+)?( {2,}|$)/ { print $1 }' | grep -oE -- '--[a-z][a-z-]*' | sort -u
}
offers() { # name, word, file
    grep -qxF -- "$2" "$3" && ok || { bad "$1: $2 not offered"; sed 's/^/    /' "$3" | head -20; }
}
lacks() { # name, word, file
    grep -qxF -- "$2" "$3" && bad "$1: $2 offered" || ok
}

bash -n "$C" && ok || bad "bash -n $C"

# the commands: those of triage --help, and help
"$T" --help | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z-]*\).*/\1/p' >"$tmp/cmds"
complete_words ./triage "" >"$tmp/got"
same "triage <TAB>: the commands of triage --help" "$tmp/cmds" "$tmp/got"
complete_words ./triage ch >"$tmp/got"
printf 'check-safety\n' >"$tmp/want"
same "triage ch<TAB>" "$tmp/want" "$tmp/got"

# each command's options: those its --help lists, and --help
while read -r cmd; do
    [ "$cmd" = help ] && continue
    { "$T" "$cmd" --help | help_options; echo --help; } >"$tmp/want"
    complete_words ./triage "$cmd" -- >"$tmp/got"
    same "triage $cmd --<TAB>: the options of triage $cmd --help" "$tmp/want" "$tmp/got"
done <"$tmp/cmds"
# before a command: the top level's options and the shell's (triage --rules DIR starts it)
{ "$T" ask --help | help_options; printf '%s\n' --help --version; } >"$tmp/want"
complete_words ./triage -- >"$tmp/got"
same "triage --<TAB>" "$tmp/want" "$tmp/got"
complete_words ./triage --rules rules --tr >"$tmp/got"
offers "triage --rules rules --tr<TAB> (the shell's options)" --transcript "$tmp/got"

# option values
mkdir -p "$tmp/rules-a" "$tmp/rules-b"
: >"$tmp/rules-file"
complete_words ./triage batch --rules "$tmp/rules-" >"$tmp/got"
printf '%s\n' "$tmp/rules-a" "$tmp/rules-b" >"$tmp/want"
same "--rules <TAB>: directories only" "$tmp/want" "$tmp/got"
complete_words ./triage diff --old "$tmp/rules-" >"$tmp/got"
same "diff --old <TAB>: directories" "$tmp/want" "$tmp/got"
complete_words ./triage batch --format "" >"$tmp/got"
printf '%s\n' json text >"$tmp/want"
same "batch --format <TAB>" "$tmp/want" "$tmp/got"
complete_words ./triage batch --format = t >"$tmp/got"
printf 'text\n' >"$tmp/want"
same "batch --format=t<TAB>, split at the =" "$tmp/want" "$tmp/got"
complete_words ./triage batch --format=t >"$tmp/got"
same "batch --format=t<TAB>, one word" "$tmp/want" "$tmp/got"
complete_words ./triage batch --jobs "" >"$tmp/got"
[ "$(wc -l <"$tmp/got")" -eq 8 ] && ok || bad "batch --jobs <TAB>: 1 to 8"
complete_words ./triage explain --case "$tmp/rules-f" >"$tmp/got"
offers "explain --case <TAB>: files" "$tmp/rules-file" "$tmp/got"
complete_words ./triage help d >"$tmp/got"
offers "help d<TAB>" diff "$tmp/got"

# ids after explain --case FILE: exactly the engine's (triage graph draws every
# trigger, contributor, recommendation and caution the rules define)
ids() { # rules options...: the engine's ids, as graph names them
    "$T" graph --rules rules "$@" | grep -oE '"(trigger|contributor|recommend|caution):[A-Za-z0-9_]+"' |
        sed 's/"//g; s/^[a-z]*://' | sort -u
}
ids >"$tmp/want"
[ "$(wc -l <"$tmp/want")" -ge 60 ] && ok || bad "triage graph names fewer than 60 ids"
printf '%s\n' emergency urgent soon self_care >>"$tmp/want"
complete_words ./triage explain --case x.json why-not "" >"$tmp/got"
same "explain --case FILE why-not <TAB>: the ids of the rules" "$tmp/want" "$tmp/got"
printf '%s\n' why-not disposition >>"$tmp/want"
complete_words ./triage explain --case x.json "" >"$tmp/got"
same "explain --case FILE <TAB>: why-not, disposition and the ids" "$tmp/want" "$tmp/got"
offers "recommendation ids" standing_hamstring_stretch "$tmp/got"
complete_words ./triage explain --case x.json why-not walk >"$tmp/got"
printf 'walking\n' >"$tmp/want"
same "explain why-not walk<TAB>" "$tmp/want" "$tmp/got"
complete_words ./triage explain --case x.json walking "" >"$tmp/got"
[ -s "$tmp/got" ] && bad "explain ID <TAB>: nothing more expected" || ok

# the rules the command line would load: --rules, TRIAGE_RULES, beside the
# program, the installed directories
complete_words ./triage explain --rules rules --rules docs/example/overlay --case x why-not abd >"$tmp/got"
offers "ids from --rules overlays" abdominal_pain_over_50 "$tmp/got"
complete_words ./triage explain --rules=docs/example/overlay --case x why-not abd >"$tmp/got"
offers "ids from --rules=DIR" abdominal_pain_over_50 "$tmp/got"
complete_words ./triage explain --case x why-not abd >"$tmp/got"
lacks "ids without the overlay" abdominal_pain_over_50 "$tmp/got"
TRIAGE_RULES="rules:docs/example/overlay" complete_words ./triage explain --case x why-not abd >"$tmp/got"
offers "ids from TRIAGE_RULES" abdominal_pain_over_50 "$tmp/got"
mkdir -p "$tmp/share/rules" "$tmp/etc/rules.d"
cp rules/*.clp "$tmp/share/rules/"
cp docs/example/overlay/*.clp "$tmp/etc/rules.d/"
sed "s|^_triage_default_dirs=.*|_triage_default_dirs=($tmp/share/rules $tmp/etc/rules.d)|" "$C" >"$tmp/c.bash"
C="$tmp/c.bash" complete_words "$tmp/nowhere/triage" explain --case x why-not abd >"$tmp/got"
offers "ids from the installed rules and overlay" abdominal_pain_over_50 "$tmp/got"
C="$tmp/c.bash" complete_words "$tmp/nowhere/triage" explain --case x why-not walk >"$tmp/got"
offers "ids from the installed rules" walking "$tmp/got"

# question ids: every one the rules define is a question the engine accepts
bash -c 'source "$1"; COMP_WORDS=(triage --rules rules); COMP_CWORD=3; _triage_ids question' bash "$C" \
    >"$tmp/questions"
[ "$(wc -l <"$tmp/questions")" -ge 40 ] && ok || bad "_triage_ids question: fewer than 40"
sed 's/.*/"&": "unknown"/' "$tmp/questions" | paste -sd, | sed 's/^/{"id": "all", "answers": {/; s/$/}}/' |
    "$T" batch --rules rules >"$tmp/out" 2>&1
grep -q '"error"' "$tmp/out" && { bad "_triage_ids question: ids the engine refuses"; head -c 300 "$tmp/out"; } || ok

echo "completion: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
