#!/bin/sh
# man.sh: the manual pages are well formed (mandoc -T lint, man --warnings)
# and cannot drift from the program: the commands and each command's options
# in triage(1) are those its --help lists, the environment variables those the
# code reads, the exit statuses those of src/cli.h; the answers of
# triage-case(5) are the questions of the shipped rules; the overlay example of
# triage-rules(5) passes lint.
# usage: sh tests/man.sh ./triage
set -u
T=${1:-./triage}
M=man
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
same() { # name, file of expected lines, file of actual lines
    sort -u "$2" >"$tmp/a"
    sort -u "$3" >"$tmp/b"
    if cmp -s "$tmp/a" "$tmp/b"; then ok; else
        bad "$1"
        comm -23 "$tmp/a" "$tmp/b" | sed 's/^/    missing from the man page: /'
        comm -13 "$tmp/a" "$tmp/b" | sed 's/^/    only in the man page: /'
    fi
}
# The options a --help text lists: those of its usage lines (up to the first
# blank line) and those that begin a line of its option list ("  --jobs N   ...");
# not an option named in passing ("... triage batch --transcripts).").
help_options() {
    awk 'NR == 1 { u = 1 } u { if ($0 == "") u = 0; else print; next }
         /^[ \t]*--[a-z][a-z-]*( [^ ]+)?( {2,}|$)/ { print $1 }' | grep -oE -- '--[a-z][a-z-]*' | sort -u
}
# The mdoc source of one section (.Sh NAME) of a page, up to the next .Sh.
section() { awk -v s=".Sh $2" '$0 == s {p = 1; next} /^\.Sh / {p = 0} p' "$1"; }
# The source of one subsection (.Ss NAME) of the COMMANDS section of triage.1.
subsection() {
    section $M/triage.1 COMMANDS | awk -v s=".Ss $1" '$0 == s {p = 1; next} /^\.Ss / {p = 0} p'
}

# ---- well formed ----------------------------------------------------------
for page in $M/triage.1 $M/triage-rules.5 $M/triage-case.5; do
    if command -v mandoc >/dev/null; then
        if mandoc -T lint -W warning "$page" >"$tmp/lint" 2>&1 && [ ! -s "$tmp/lint" ]; then ok; else
            bad "mandoc -T lint $page"; sed 's/^/    /' "$tmp/lint"; fi
    else
        bad "mandoc is not installed (make deps installs it)"
    fi
    if command -v man >/dev/null && command -v groff >/dev/null; then
        LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" \
            >/dev/null 2>"$tmp/warn"
        if [ ! -s "$tmp/warn" ]; then ok; else bad "man --warnings $page"; sed 's/^/    /' "$tmp/warn"; fi
    else
        echo "man.sh: man or groff is not installed: man --warnings skipped"
    fi
    # the NAME line that whatis and apropos read
    if [ "$(section "$page" NAME | grep -c '^\.N[md] ')" -eq 2 ]; then ok; else bad "$page: NAME"; fi
done

# ---- the commands ---------------------------------------------------------
"$T" --help >"$tmp/help" || bad "triage --help"
sed -n '/^Commands:/,/^$/p' "$tmp/help" | sed -n 's/^  \([a-z][a-z-]*\).*/\1/p' >"$tmp/cmds"
[ "$(wc -l <"$tmp/cmds")" -ge 10 ] && ok || bad "triage --help lists fewer than 10 commands"
section $M/triage.1 COMMANDS | sed -n 's/^\.Ss //p' >"$tmp/man-cmds"
same "the commands of triage --help and the subsections of COMMANDS in triage(1)" "$tmp/cmds" "$tmp/man-cmds"
"$T" help --help >"$tmp/out" 2>&1 && ok || bad "triage help --help exits 0"
grep -q '^usage: triage ' "$tmp/out" && ok || bad "triage help --help prints the usage"

# ---- each command's options -----------------------------------------------
# SYNOPSIS blocks: from one .Nm to the next; the block's command is its first Cm.
section $M/triage.1 SYNOPSIS | awk '
    /^\.Nm/ { n++ }
    { line[n] = line[n] " " $0 }
    END { for (i = 1; i <= n; i++) print line[i] }' >"$tmp/synopsis"
while read -r cmd; do
    [ "$cmd" = help ] && continue
    "$T" "$cmd" --help >"$tmp/h.$cmd" 2>&1 || bad "triage $cmd --help exits 0"
    help_options <"$tmp/h.$cmd" | grep -vx -- '--help' >"$tmp/want"
    [ -s "$tmp/want" ] && ok || bad "triage $cmd --help lists no option"
    subsection "$cmd" | sed -n 's/^\.It Fl -\([a-z][a-z-]*\).*/--\1/p' >"$tmp/got"
    same "triage $cmd: the options of --help and of its subsection in triage(1)" "$tmp/want" "$tmp/got"
    grep -E "Cm $cmd( |\$)" "$tmp/synopsis" | head -1 | grep -oE 'Fl -[a-z][a-z-]*' | sed 's/^Fl /-/' >"$tmp/syn"
    same "triage $cmd: the options of --help and of its SYNOPSIS line" "$tmp/want" "$tmp/syn"
done <"$tmp/cmds"
# the shell's own commands: its help, and the list in the ask subsection
printf 'help\n' | "$T" ask 2>&1 | sed -n '/^Commands (at any prompt):/,/^Answers:/p' |
    sed -n 's/^  \([a-z][a-z-]*\).*/\1/p' >"$tmp/want"
[ "$(wc -l <"$tmp/want")" -ge 8 ] && ok || bad "the shell's help lists fewer than 8 commands"
subsection ask | sed -n 's/^\.It Ic \([a-z][a-z-]*\).*/\1/p' >"$tmp/got"
same "the shell's help and its commands in triage(1)" "$tmp/want" "$tmp/got"
section $M/triage.1 DESCRIPTION | sed -n 's/^\.It Fl -\([a-z][a-z-]*\).*/--\1/p' >"$tmp/got"
printf '%s\n' --help --version >"$tmp/want"
same "triage --help and --version in DESCRIPTION" "$tmp/want" "$tmp/got"

# ---- environment ----------------------------------------------------------
# Every variable the program reads (tests' own TRIAGE_TEST_* aside), and nothing else.
grep -rhoE 'getenv\("[A-Z_]+"\)' src engine | sed 's/getenv("\(.*\)")/\1/' | grep -v '^TRIAGE_TEST_' >"$tmp/want"
for v in TRIAGE_RULES TRIAGE_CACHE_DIR TRIAGE_HISTORY NO_COLOR XDG_CACHE_HOME; do
    grep -qx "$v" "$tmp/want" && ok || bad "the program no longer reads $v"
done
section $M/triage.1 ENVIRONMENT | sed -n 's/^\.It Ev //p' >"$tmp/got"
same "the variables the code reads and ENVIRONMENT in triage(1)" "$tmp/want" "$tmp/got"

# ---- exit statuses --------------------------------------------------------
sed -n 's/^ *TRIAGE_[A-Z_]* = \([0-9]\).*/\1/p' src/cli.h >"$tmp/want"
section $M/triage.1 "EXIT STATUS" | sed -n 's/^\.It \([0-9]\)$/\1/p' >"$tmp/got"
same "the exit codes of src/cli.h and EXIT STATUS in triage(1)" "$tmp/want" "$tmp/got"
for f in "$tmp"/h.*; do
    sed -n '/^Exit status:/,$p' "$f" | grep -oE '(^|[ ,:])[0-9]( |$)' | tr -dc '0-9\n' | grep . >"$tmp/codes"
    while read -r c; do
        grep -qx "$c" "$tmp/want" && ok || bad "${f##*/h.} --help names exit status $c, not in src/cli.h"
    done <"$tmp/codes"
done

# ---- triage-case(5): the answers are the shipped questions ----------------
sed 's/;.*//' rules/*.clp | tr '\n\t' '  ' |
    grep -oE '\(question[[:space:]]+\(id[[:space:]]+[a-z0-9_]+' | sed 's/.*[[:space:]]//' >"$tmp/want"
section $M/triage-case.5 ANSWERS | sed -n 's/^\.It Li \([a-z0-9_]*\)$/\1/p' >"$tmp/got"
same "the questions of rules/ and ANSWERS in triage-case(5)" "$tmp/want" "$tmp/got"
# in priority order (ties by id), and "asked when" exactly for the follow-ups
# (relevant-if, asked-if); one line a question: "PRIORITY ID FOLLOWUP"
sed 's/;.*//' rules/*.clp | tr '\n\t' '  ' | sed 's/(question[[:space:]]*(id[[:space:]]*/\n/g' | awk 'NR > 1 {
    id = $1; sub(/\).*/, "", id); p = 0
    if (match($0, /\(priority[[:space:]]+[0-9]+/)) { p = substr($0, RSTART, RLENGTH); sub(/.*[[:space:]]/, "", p) }
    if (id ~ /^[a-z0-9_]+$/) print p, id, ($0 ~ /\((relevant-if|asked-if)[[:space:]]+[a-z]/) ? "followup" : "-" }' |
    sort -k1,1nr -k2,2 >"$tmp/questions"
cut -d" " -f2 "$tmp/questions" >"$tmp/want"
if cmp -s "$tmp/want" "$tmp/got"; then ok; else bad "ANSWERS in triage-case(5) is not in priority order"; fi
awk '$3 == "followup" {print $2}' "$tmp/questions" | sort >"$tmp/want"
section $M/triage-case.5 ANSWERS | awk '/^\.It Li / {id = $3} /^\.Pq .*asked when/ {print id}' | sort >"$tmp/got"
same "the follow-up questions (asked when) in triage-case(5)" "$tmp/want" "$tmp/got"

# ---- triage-rules(5): every template of the schema, with every slot ---------
# "TEMPLATE SLOT" for each slot of rules/00-schema.clp
awk '/^\(deftemplate / {t = $2} /^[ \t]+\((multi)?slot / {s = $2; gsub(/[()]/, "", s); print t, s}' \
    rules/00-schema.clp >"$tmp/slots"
[ "$(wc -l <"$tmp/slots")" -ge 60 ] && ok || bad "fewer than 60 slots read from rules/00-schema.clp"
# the same from the page: each .It naming a template (Ic T), with the slots its text names
awk '
    /^\.(It|El|Ss|Sh)/ { t = "" }
    /^\.It / { n = split($0, w, /[ ,]+/); for (i = 2; i < n; i++) if (w[i] == "Ic") { t = t " " w[i + 1] } next }
    t != "" { m = split($0, w, /[ ,]+/); for (i = 1; i < m; i++) if (w[i] == "Ic" || w[i] == ".Ic")
        { k = split(t, ts, " "); for (j = 1; j <= k; j++) print ts[j], w[i + 1] } }
' man/triage-rules.5 | sort -u >"$tmp/man-slots"
sort -u "$tmp/slots" | comm -23 - "$tmp/man-slots" >"$tmp/missing"
[ ! -s "$tmp/missing" ] && ok || { bad "triage-rules(5) lacks these template slots:"; sed 's/^/    /' "$tmp/missing"; }

# ---- triage-case(5): every key of a result ----------------------------------
# The top-level keys of a JSON object on one line (strings skipped, depth kept).
json_keys() {
    awk '{
        d = 0; s = 0; k = ""; n = length($0)
        for (i = 1; i <= n; i++) {
            c = substr($0, i, 1)
            if (s) { if (c == "\\") { i++; continue } if (c == "\"") { s = 0; if (d == 1 && key) print k } else if (key) k = k c; continue }
            if (c == "\"") { s = 1; k = ""; key = (d == 1 && (p == "{" || p == ",")); continue }
            if (c == "{" || c == "[") d++
            else if (c == "}" || c == "]") d--
            if (c != " ") p = c
        }
    }'
}
echo '{"id":"k","answers":{"age":40,"pain_location":["lower_back"],"hamstring_tightness":"yes"}}' |
    "$T" batch --rules rules | json_keys >"$tmp/want"
[ "$(wc -l <"$tmp/want")" -ge 10 ] && ok || bad "fewer than 10 keys read from a result"
section $M/triage-case.5 RESULT | grep '^\.It Li ' | grep -oE 'Li [a-z_]+' | sed 's/^Li //' >"$tmp/got"
same "the keys of a result and RESULT in triage-case(5)" "$tmp/want" "$tmp/got"

# ---- triage-rules(5): its overlay example is clean ------------------------
mkdir "$tmp/overlay"
section $M/triage-rules.5 EXAMPLES | awk '/^\.Bd -literal/ {p = 1; next} /^\.Ed/ {exit} p' \
    >"$tmp/overlay/90-example.clp"
grep -q defrule "$tmp/overlay/90-example.clp" && ok || bad "triage-rules(5): no rule in EXAMPLES"
if "$T" lint --rules rules --rules "$tmp/overlay" >"$tmp/out" 2>&1 &&
    grep -q ': 0 errors, 0 warnings' "$tmp/out"; then ok; else
    bad "triage-rules(5): the example overlay does not pass lint"; sed 's/^/    /' "$tmp/out"
fi

echo "man pages: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
