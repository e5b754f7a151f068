#!/bin/sh
# cli.sh: triage driven as a user drives it, checking output and exit status.
# usage: sh tests/cli.sh ./triage
set -u
T=${1:-./triage}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # name, expected status, actual status
    if [ "$2" = "$3" ]; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL: $1: exit $3, expected $2"; fi
}
contains() { # name, file, text
    if grep -qF -- "$3" "$2"; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL: $1: output lacks: $3"; sed 's/^/    /' "$2" | head -20; fi
}
lacks() { # name, file, text
    if ! grep -qF -- "$3" "$2"; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL: $1: output has: $3"; fi
}

"$T" --help >"$tmp/out" 2>&1; check "--help" 0 $?
contains "--help" "$tmp/out" "batch [FILE|-]"
contains "--help mentions emergency" "$tmp/out" "emergency"
"$T" --version >"$tmp/out" 2>&1; check "--version" 0 $?
contains "--version" "$tmp/out" "triage "
"$T" batch --help >"$tmp/out" 2>&1; check "batch --help" 0 $?
contains "batch --help" "$tmp/out" "usage: triage batch"
"$T" help batch >"$tmp/out" 2>&1; check "help batch" 0 $?
contains "help batch" "$tmp/out" "--format"
"$T" frobnicate >"$tmp/out" 2>&1; check "unknown command" 2 $?
contains "unknown command" "$tmp/out" "triage: error: no command 'frobnicate'"
"$T" </dev/null >"$tmp/out" 2>&1; check "no command: the shell, at once at end of input (unfinished)" 4 $?
contains "no command" "$tmp/out" "The questions were not finished, so no advice is given"
"$T" batch --bogus </dev/null >"$tmp/out" 2>&1; check "unknown option" 2 $?
"$T" batch --format xml </dev/null >"$tmp/out" 2>&1; check "bad --format" 2 $?
"$T" batch "$tmp/missing.jsonl" >"$tmp/out" 2>&1; check "missing input file" 2 $?
contains "missing input file" "$tmp/out" "missing.jsonl"

# rules that fail to load: exit 3, FILE:LINE on stderr, nothing on stdout
mkdir "$tmp/rules"
cp rules/*.clp "$tmp/rules/"
printf '(defrule evil\n  (logical (answer (id fever)))\n  =>\n  (assert (trigger (id (system "touch %s/pwned")))))\n' "$tmp" >"$tmp/rules/99-evil.clp"
echo '{"id":"a","answers":{}}' | "$T" batch --rules "$tmp/rules" >"$tmp/out" 2>"$tmp/err"; check "evil rules" 3 $?
contains "evil rules" "$tmp/err" "99-evil.clp:4: error: function 'system' is not allowed"
[ -s "$tmp/out" ] && { fail=$((fail + 1)); echo "FAIL: evil rules: wrote to stdout"; } || pass=$((pass + 1))
[ -e "$tmp/pwned" ] && { fail=$((fail + 1)); echo "FAIL: evil rules ran"; } || pass=$((pass + 1))
echo '{}' | "$T" batch --rules "$tmp/nowhere" >"$tmp/out" 2>"$tmp/err"; check "missing rules dir" 3 $?
echo '{}' | TRIAGE_RULES="$tmp/rules" "$T" batch >"$tmp/out" 2>"$tmp/err"; check "TRIAGE_RULES" 3 $?
rm "$tmp/rules/99-evil.clp"

# a good run: one result a line, in input order, exit 0
printf '%s\n' '{"id":"one","answers":{"saddle_numbness":"yes"}}' '' '{"id":"two","answers":{"age":40}}' \
    | "$T" batch >"$tmp/out" 2>"$tmp/err"; check "batch ok" 0 $?
[ "$(wc -l <"$tmp/out")" -eq 2 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: batch ok: not 2 lines"; }
head -1 "$tmp/out" >"$tmp/first"
contains "batch order" "$tmp/first" '"id":"one"'
contains "batch emergency" "$tmp/first" '"disposition":"emergency"'
contains "batch notice" "$tmp/first" 'This is not a diagnosis'
echo '{"id":"o","answers":{}}' | TRIAGE_RULES="$tmp/rules" "$T" batch >"$tmp/out" 2>&1; check "TRIAGE_RULES ok" 0 $?

# bad cases: error result naming the field, others go on, exit 1
printf '%s\n' '{"id":"bad","answers":{"age":200}}' 'not json' '{"id":"good","answers":{}}' \
    | "$T" batch >"$tmp/out" 2>"$tmp/err"; check "batch errors" 1 $?
contains "error field" "$tmp/out" '{"id":"bad","error":{"field":"age","message":"200 is out of range'
contains "invalid json line" "$tmp/out" '"line":2'
contains "good case goes on" "$tmp/out" '"id":"good","triggers"'

# an over-long line is rejected with its number, the next case still runs
{ printf '{"id":"huge","answers":{"x":"'; head -c 1100000 /dev/zero | tr '\0' a; printf '"}}\n'
  echo '{"id":"after","answers":{}}'; } | "$T" batch >"$tmp/out" 2>&1; check "long line" 1 $?
contains "long line" "$tmp/out" 'line 1: line longer than 1 MiB'
contains "after long line" "$tmp/out" '"id":"after"'

# deeply nested JSON is refused as a line, not a crash
{ printf '{"id":"deep","answers":'; head -c 5000 /dev/zero | tr '\0' '['; head -c 5000 /dev/zero | tr '\0' ']'; printf '}\n'
  echo '{"id":"next","answers":{}}'; } | "$T" batch >"$tmp/out" 2>&1; check "deep nesting" 1 $?
contains "deep nesting" "$tmp/out" '"line":1'
contains "after deep nesting" "$tmp/out" '"id":"next"'
printf '{"id":"nul","answers":{"fever":"yes\\u0000"}}\n{"id":"utf","answers":{"fever":"\xff"}}\n' \
    | "$T" batch >"$tmp/out" 2>&1; check "NUL and invalid UTF-8" 1 $?
contains "NUL in a value" "$tmp/out" 'is not allowed without JSON_ALLOW_NUL'
contains "invalid UTF-8" "$tmp/out" '"line":2'

# the shipped cases: exit 1 because errors.jsonl has errors, 0 for policy
"$T" batch tests/cases/policy.jsonl >"$tmp/out" 2>&1; check "policy cases" 0 $?
"$T" batch tests/cases/errors.jsonl >"$tmp/out" 2>&1; check "error cases" 1 $?

# several worker processes: the same bytes, in input order, as one process
"${GEN_CASES:-./build/tests/gen_cases}" 300 7 >"$tmp/gen.jsonl"
cat tests/cases/errors.jsonl "$tmp/gen.jsonl" tests/cases/policy.jsonl >"$tmp/mixed.jsonl"
"$T" batch --jobs 1 "$tmp/mixed.jsonl" >"$tmp/one" 2>&1; check "--jobs 1" 1 $?
"$T" batch --jobs 3 "$tmp/mixed.jsonl" >"$tmp/three" 2>&1; check "--jobs 3" 1 $?
cmp -s "$tmp/one" "$tmp/three" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: --jobs 3 differs from --jobs 1"; }
# helpers from the first line (TRIAGE_POOL_AFTER=0), as many as allowed, input
# from a file and from a pipe, full and summary: always the bytes of --jobs 1
TRIAGE_POOL_AFTER=0 "$T" batch --jobs 8 "$tmp/mixed.jsonl" >"$tmp/eight" 2>&1; check "--jobs 8" 1 $?
cmp -s "$tmp/one" "$tmp/eight" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: --jobs 8 differs from --jobs 1"; }
cat "$tmp/mixed.jsonl" | TRIAGE_POOL_AFTER=0 "$T" batch --jobs 2 >"$tmp/piped" 2>&1; check "--jobs 2 piped" 1 $?
# a directory is not a file of cases, however many processes
for j in 1 2; do
    TRIAGE_POOL_AFTER=0 "$T" batch --jobs $j "$tmp" >"$tmp/dir.out" 2>&1; check "batch of a directory, --jobs $j" 2 $?
    contains "batch of a directory, --jobs $j" "$tmp/dir.out" "is a directory"
done
cmp -s "$tmp/one" "$tmp/piped" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: --jobs 2 from a pipe differs from --jobs 1"; }
"$T" batch --jobs 1 --detail summary "$tmp/mixed.jsonl" >"$tmp/sum1" 2>&1; check "summary --jobs 1" 1 $?
TRIAGE_POOL_AFTER=0 "$T" batch --jobs 4 --detail=summary "$tmp/mixed.jsonl" >"$tmp/sum4" 2>&1; check "summary --jobs 4" 1 $?
cmp -s "$tmp/sum1" "$tmp/sum4" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: --detail summary --jobs 4 differs from --jobs 1"; }
"$T" batch --jobs 0 </dev/null >"$tmp/out" 2>&1; check "--jobs 0" 2 $?
contains "--jobs 0" "$tmp/out" "--jobs takes a number from 1 to 8"
"$T" batch --jobs=9 </dev/null >"$tmp/out" 2>&1; check "--jobs=9" 2 $?

# the compiled image of the rules (kept when TRIAGE_CACHE_DIR is set) changes nothing
if [ -n "${TRIAGE_CACHE_DIR:-}" ]; then
    ls "$TRIAGE_CACHE_DIR"/*.img >/dev/null 2>&1 && pass=$((pass + 1)) \
        || { fail=$((fail + 1)); echo "FAIL: no compiled image kept in $TRIAGE_CACHE_DIR"; }
fi
mkdir -m 777 "$tmp/public"
echo '{}' | TRIAGE_CACHE_DIR="$tmp/public" "$T" batch >/dev/null 2>&1
[ -z "$(ls "$tmp/public")" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: an image was kept in a directory others may write"; }
TRIAGE_CACHE_DIR= "$T" batch --jobs 1 "$tmp/mixed.jsonl" >"$tmp/parsed" 2>&1
cmp -s "$tmp/one" "$tmp/parsed" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: results differ with and without the compiled image"; }

# a result depends on its case alone, not on the cases before it
tail -1 "$tmp/gen.jsonl" >"$tmp/last.jsonl"
"$T" batch --jobs 1 "$tmp/last.jsonl" >"$tmp/alone" 2>&1
tail -1 "$tmp/one" >"$tmp/after"
[ "$(sed -n '$=' "$tmp/one")" -gt 300 ] && grep -qF "$(head -c 40 "$tmp/alone")" "$tmp/one" \
    && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: the last generated case is missing"; }
grep -xF -f "$tmp/alone" "$tmp/one" >/dev/null \
    && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: a case's result changed with the cases before it"; }

# results stream: the first comes out while the input is still open
mkfifo "$tmp/fifo"
"$T" batch <"$tmp/fifo" >"$tmp/stream" 2>&1 &
bpid=$!
exec 3>"$tmp/fifo"
echo '{"id":"s1","answers":{}}' >&3
i=0
while [ $i -lt 200 ] && ! grep -qF '"id":"s1"' "$tmp/stream"; do sleep 0.05; i=$((i + 1)); done
contains "streamed result" "$tmp/stream" '"id":"s1"'
exec 3>&-
wait $bpid; check "streamed batch" 0 $?

# the shell driven through pipes: the first question comes out before any answer
mkfifo "$tmp/fifo3"
"$T" ask <"$tmp/fifo3" >"$tmp/asked" 2>&1 &
spid=$!
exec 5>"$tmp/fifo3"
i=0
while [ $i -lt 200 ] && ! grep -q '?$' "$tmp/asked"; do sleep 0.05; i=$((i + 1)); done
contains "first question before any answer" "$tmp/asked" "numbness or pins and needles"
exec 5>&-
wait $spid; check "shell through pipes" 4 $?

# a piped line with a NUL byte or over 8 KiB is refused whole, never cut short:
# "y<NUL>es" must not be read as "y" (yes, an emergency)
printf 'y\000es\n' | "$T" ask >"$tmp/out" 2>&1; check "NUL line (unfinished)" 4 $?
contains "NUL line refused" "$tmp/out" "that line had a NUL byte in it; please type it again"
lacks "NUL line not taken as yes" "$tmp/out" "EMERGENCY"
{ head -c 9000 /dev/zero | tr '\0' 'y'; printf '\nno\n'; } | "$T" ask >"$tmp/out" 2>&1
check "long line (unfinished)" 4 $?
contains "long line refused" "$tmp/out" "that line was too long; please type it again"
contains "long line: next line read" "$tmp/out" "trouble passing urine"

# a worker killed in the middle: batch says so and fails, and does not hang
mkfifo "$tmp/fifo2"
TRIAGE_POOL_AFTER=0 "$T" batch --jobs 2 <"$tmp/fifo2" >"$tmp/killed" 2>"$tmp/killed.err" &
bpid=$!
exec 4>"$tmp/fifo2"
echo '{"id":"k1","answers":{}}' >&4
i=0
while [ $i -lt 200 ] && ! grep -qF '"id":"k1"' "$tmp/killed"; do sleep 0.05; i=$((i + 1)); done
kill -9 $(pgrep -P $bpid | head -1) 2>/dev/null
for n in 2 3 4 5 6; do echo "{\"id\":\"k$n\",\"answers\":{}}" >&4 2>/dev/null; done
exec 4>&-
wait $bpid; check "killed worker" 1 $?
contains "killed worker" "$tmp/killed.err" "a worker stopped unexpectedly"

# text output for a person
echo '{"id":"t","answers":{"fever":"yes","hamstring_tightness":"yes","pain_location":["lower_back"]}}' \
    | "$T" batch --format text >"$tmp/out" 2>&1; check "text" 0 $?
contains "text banner" "$tmp/out" "URGENT: see a doctor today"
contains "text why" "$tmp/out" "(spinal_infection)"
contains "text no plan" "$tmp/out" "No self-care plan is given"
contains "text safety net" "$tmp/out" "Go to an emergency department or call your emergency number now if"
contains "text notice" "$tmp/out" "This is not a diagnosis"
echo '{"id":"p","answers":{"hamstring_tightness":"yes","pain_location":["lower_back"],"age":30}}' \
    | "$T" batch --format=text >"$tmp/out" 2>&1; check "text plan" 0 $?
contains "text plan" "$tmp/out" "Your plan:"
contains "text technique" "$tmp/out" "For every stretch:"

# the interview played from a case file
"$T" interview --help >"$tmp/out" 2>&1; check "interview --help" 0 $?
contains "interview --help" "$tmp/out" "usage: triage interview --case FILE"
"$T" ask --help >"$tmp/out" 2>&1; check "ask --help" 0 $?
contains "ask --help" "$tmp/out" "usage: triage [ask]"
"$T" interview >"$tmp/out" 2>&1; check "interview without --case" 2 $?
printf '%s\n' '{"id":"iv","answers":{"saddle_numbness":"no","bladder_bowel_change":"yes"}}' >"$tmp/iv.jsonl"
"$T" interview --case "$tmp/iv.jsonl" >"$tmp/out" 2>&1; check "interview text" 0 $?
contains "interview text" "$tmp/out" "Interview \"iv\": 2 prompts, 2 questions asked"
contains "interview text answers" "$tmp/out" "bladder_bowel_change"
contains "interview text result" "$tmp/out" "EMERGENCY"
"$T" interview --case "$tmp/iv.jsonl" --format json >"$tmp/out" 2>&1; check "interview json" 0 $?
contains "interview json" "$tmp/out" '"questions":2,"asked":[{"id":"saddle_numbness","answer":"no"},{"id":"bladder_bowel_change","answer":"yes"}]'
contains "interview json prompts" "$tmp/out" '"prompt_count":2,"prompts":[{"prompt":1,"questions":["saddle_numbness"],"again":false},{"prompt":2,"questions":["bladder_bowel_change"],"again":false}]'
printf '%s\n' '{"id":"bad","answers":{"age":"old"}}' >"$tmp/bad.jsonl"
"$T" interview --case "$tmp/bad.jsonl" --format json >"$tmp/out" 2>&1; check "interview bad case" 1 $?
contains "interview bad case" "$tmp/out" '"field":"age"'
"$T" interview --case "$tmp/none.jsonl" >"$tmp/out" 2>&1; check "interview missing file" 2 $?

# the shell read from a pipe: no prompts, one answer a line
# saddle, bladder: no; the emergency checklist: item 3, a weak leg: urgent at once
printf 'no\nno\n3\n' | "$T" >"$tmp/out" 2>&1; check "piped shell (unfinished)" 4 $?
contains "piped shell: urgency noticed at once" "$tmp/out" "So far: URGENT: see a doctor today"
contains "piped shell: advice kept at early end" "$tmp/out" "From your answers so far, at least:"
if grep -q '^> ' "$tmp/out"; then fail=$((fail + 1)); echo "FAIL: piped shell printed a prompt"; else pass=$((pass + 1)); fi

# explain, why-not and graph
printf '%s\n' '{"id":"x","answers":{"age":40,"hamstring_tightness":"yes","pain_location":["lower_back"],"recent_trauma":"yes"}}' >"$tmp/x.json"
COLUMNS=200 "$T" explain --case "$tmp/x.json" >"$tmp/out" 2>&1; check "explain" 0 $?
contains "explain tree" "$tmp/out" "1. disposition: self_care"
contains "explain chain" "$tmp/out" "contributor: pelvic_tilt (certainty 1) [rule chain-hamstrings-tilt-pelvis"
contains "explain shows the test and the answer" "$tmp/out" "tests: pain_location includes lower_back, answered lower_back"
printf '%s\n' '{"id":"y","answers":{"age":40,"hamstring_tightness":"yes","sitting_hours":9,"pain_location":["lower_back"]}}' >"$tmp/y.json"
COLUMNS=200 "$T" explain --case "$tmp/y.json" prolonged_sitting >"$tmp/out" 2>&1; check "explain a cause" 0 $?
contains "explain: a negated test says the answer" "$tmp/out" "tests: sitting_hours >= 6, answered 9; not hamstring_tightness = no, answered yes"
COLUMNS=200 "$T" explain --case "$tmp/x.json" pelvic_tilt >"$tmp/out" 2>&1; check "explain ID" 0 $?
contains "explain ID" "$tmp/out" "answer: hamstring_tightness = yes"
"$T" explain --case "$tmp/x.json" weak_core >"$tmp/out" 2>&1; check "explain unreached ID" 1 $?
COLUMNS=200 "$T" explain --case "$tmp/x.json" why-not muscle_imbalance >"$tmp/out" 2>&1; check "why-not" 0 $?
contains "why-not rule" "$tmp/out" "rule muscle-imbalance-weak-core"
contains "why-not smallest" "$tmp/out" "- weak_core = yes"
COLUMNS=200 "$T" explain --case "$tmp/x.json" why-not urgent >"$tmp/out" 2>&1; check "why-not urgent" 0 $?
contains "why-not urgent" "$tmp/out" "- osteoporosis = yes"
contains "why-not: the condition as written, with the answer" "$tmp/out" "- age >= 70, answered 40 (not met)"
contains "why-not: a condition met" "$tmp/out" "- recent_trauma = yes, answered yes (met)"
lacks "why-not: the answer is not the condition" "$tmp/out" "answer:age: 40"
COLUMNS=200 "$T" explain --case "$tmp/x.json" why-not possible_fracture >"$tmp/out" 2>&1; check "why-not fracture" 0 $?
contains "why-not fracture age boundary" "$tmp/out" "- age = 70"
lacks "why-not fracture: not one below the boundary" "$tmp/out" "- age = 69"
COLUMNS=200 "$T" explain --case "$tmp/x.json" why-not hip_flexor_strain >"$tmp/out" 2>&1; check "why-not pair" 0 $?
contains "why-not pair" "$tmp/out" 'pain_onset = sudden, pain_location = ["lower_back", "hip"]'
"$T" explain --case "$tmp/x.json" why-not nonsense >"$tmp/out" 2>&1; check "why-not unknown id" 1 $?
"$T" graph >"$tmp/kb.dot" 2>&1; check "graph" 0 $?
missing=0
for r in $(sed -n 's/^(defrule \([^ ]*\).*/\1/p' rules/*.clp); do
    grep -q "\"$r\"" "$tmp/kb.dot" || { missing=1; echo "FAIL: graph lacks rule $r"; }
done
[ $missing -eq 0 ] && pass=$((pass + 1)) || fail=$((fail + 1))
contains "graph chain" "$tmp/kb.dot" '"contributor:tight_hamstrings" -> "contributor:pelvic_tilt" [label="chain-hamstrings-tilt-pelvis"]'
contains "graph hip flexor chain" "$tmp/kb.dot" '"contributor:hip_flexor_tightness" -> "finding:weak_glutes"'
if command -v dot >/dev/null; then
    dot -Tsvg "$tmp/kb.dot" >/dev/null 2>&1; check "graph parses with dot" 0 $?
fi
contains "graph: a negated condition in its own style" "$tmp/kb.dot" '"answer:hamstring_tightness" -> "cause:age_over_50" [label="cause-age-over-50", taillabel="not hamstring_tightness = no", style=dashed, color=blue'
"$T" graph --case "$tmp/x.json" --all >"$tmp/out" 2>&1; check "graph --case --all" 0 $?
contains "graph --case --all highlights" "$tmp/out" '"contributor:tight_hamstrings" -> "contributor:pelvic_tilt" [label="chain-hamstrings-tilt-pelvis", color=red'
"$T" graph --case "$tmp/x.json" >"$tmp/case.dot" 2>&1; check "graph --case" 0 $?
contains "graph --case: sized for A4" "$tmp/case.dot" 'size="7.5,10.8"'
contains "graph --case: an answer with its value" "$tmp/case.dot" 'label="age = 40"'
contains "graph --case: a rule with its test" "$tmp/case.dot" 'label="chain-hamstrings-tilt-pelvis\npain_location includes\nlower_back"'
"$T" graph --case "$tmp/y.json" >"$tmp/y.dot" 2>&1; check "graph --case y" 0 $?
contains "graph --case: a negated condition" "$tmp/y.dot" '"answer:hamstring_tightness" -> "rule:cause-prolonged-sitting" [label="not hamstring_tightness = no", style=dashed'
lacks "graph --case: only what the case reached" "$tmp/case.dot" "weak_glutes"
lacks "graph --case: no rule that did not fire" "$tmp/case.dot" "red-flag-fever"
"$T" graph --all >"$tmp/out" 2>&1; check "graph --all without a case" 2 $?
"$T" graph --help >"$tmp/out" 2>&1; check "graph --help" 0 $?
contains "graph --help names --all" "$tmp/out" "--all"
printf '%s\n' '{"id":"u","answers":{"age":40,"fever":"yes","night_pain":"yes","pain_severity":8,"hamstring_tightness":"yes","pain_location":["lower_back"]}}' >"$tmp/u.json"
"$T" graph --case "$tmp/u.json" >"$tmp/u.dot" 2>&1; check "graph --case urgent" 0 $?
contains "graph --case: withheld in their own style" "$tmp/u.dot" 'style="filled,dashed", fillcolor=gray92'
contains "graph --case: withheld by which caution" "$tmp/u.dot" 'withheld by stretching_paused, plan_deferred:'
contains "graph --case: every trigger, the deciding ones bold" "$tmp/u.dot" '"trigger:spinal_infection" -> "disposition:urgent" [style=bold'
contains "graph --case: a trigger that does not decide" "$tmp/u.dot" '"trigger:severe_pain" -> "disposition:urgent" [style=dashed, label="on its own: soon"]'
if command -v dot >/dev/null; then
    dot -Tsvg "$tmp/u.dot" >/dev/null 2>&1; check "graph --case parses with dot" 0 $?
fi
COLUMNS=200 "$T" explain --case "$tmp/u.json" >"$tmp/out" 2>&1; check "explain urgent" 0 $?
contains "explain: every trigger, the deciding one marked" "$tmp/out" "trigger: spinal_infection (decides: urgent)"
contains "explain: a trigger that did not decide" "$tmp/out" "trigger: severe_pain (also fired; on its own: soon)"
contains "explain: the threshold as written" "$tmp/out" "tests: pain_severity >= 7, answered 8"
COLUMNS=200 "$T" explain --case "$tmp/u.json" why-not seated_hamstring_stretch >"$tmp/out" 2>&1; check "why-not withheld" 0 $?
contains "why-not: reached but withheld" "$tmp/out" "seated_hamstring_stretch was reached, but a caution withheld it from the plan."
contains "why-not: which caution" "$tmp/out" "seated_hamstring_stretch was concluded but withheld from the plan by the cautions stretching_paused"

# transcripts from batch and interview, and their audit
mkdir "$tmp/tr"
"$T" batch --transcripts "$tmp/tr" "$tmp/x.json" >/dev/null 2>&1; check "batch --transcripts" 0 $?
"$T" audit "$tmp/tr/x.jsonl" >"$tmp/out" 2>&1; check "audit batch transcript" 0 $?
contains "audit replay" "$tmp/out" "the replay reaches exactly the recorded conclusions (same rules)"
"$T" interview --case "$tmp/x.json" --transcript "$tmp/iv.jsonl" >"$tmp/out" 2>&1; check "interview --transcript over a case file" 2 $?
contains "interview --transcript keeps the case file" "$tmp/iv.jsonl" '"bladder_bowel_change":"yes"'
"$T" interview --case "$tmp/x.json" --transcript "$tmp/ivt.jsonl" >/dev/null 2>&1; check "interview --transcript" 0 $?
"$T" audit "$tmp/ivt.jsonl" >"$tmp/out" 2>&1; check "audit interview transcript" 0 $?
"$T" interview --case "$tmp/x.json" --transcript "$tmp/ivt.jsonl" >/dev/null 2>&1; check "interview --transcript replaces its own transcript" 0 $?
head -c 200 "$tmp/ivt.jsonl" >"$tmp/torn.jsonl"
"$T" audit "$tmp/torn.jsonl" >"$tmp/out" 2>&1; check "audit torn transcript" 2 $?
printf 'No.\nnope\nno\nno\n' | "$T" --transcript "$tmp/shell.jsonl" >/dev/null 2>&1; check "shell --transcript (unfinished)" 4 $?
contains "the transcript keeps the person's own words" "$tmp/shell.jsonl" '"answer":"no","typed":"No."'
"$T" audit "$tmp/shell.jsonl" >"$tmp/out" 2>&1; check "audit unfinished shell transcript" 4 $?
contains "audit unfinished" "$tmp/out" "Unfinished: the session ended before any result was shown."
contains "audit unfinished: what comes next" "$tmp/out" "next, it would have asked:"
# a result asked for, then more answers: the issue's session, audited
# (the nerve signs, then a pain of 8 makes it soon, which the shell announces; then the age)
printf 'no\nno\nnone\ngradually\nnone\n8\nresult\n40\nresult\nquit\n' | "$T" --transcript "$tmp/two.jsonl" >/dev/null 2>&1
"$T" audit "$tmp/two.jsonl" >"$tmp/out" 2>&1; check "audit two results" 0 $?
contains "audit lists the results" "$tmp/out" "Results shown during the session:"
contains "audit: what changed between them" "$tmp/out" "answer age: 40 (new)"
contains "audit: a result shown before the questions were done" "$tmp/out" "The questions were not finished when this result was shown"
# never clobber: --transcript and batch --transcripts refuse a file of another kind
printf 'keep me\n' >"$tmp/notes.txt"
"$T" --transcript "$tmp/notes.txt" </dev/null >"$tmp/out" 2>&1; check "--transcript over a text file" 2 $?
contains "--transcript over a text file left alone" "$tmp/notes.txt" "keep me"
contains "--transcript over a text file says why" "$tmp/out" "exists and is not a triage transcript: it is left as it is"
"$T" interview --case "$tmp/x.json" --transcript "$tmp/notes.txt" >"$tmp/out" 2>&1; check "interview --transcript over a text file" 2 $?
contains "interview --transcript says why" "$tmp/out" "notes.txt exists and is not a triage transcript: it is left as it is"
contains "interview --transcript left it alone" "$tmp/notes.txt" "keep me"
cp "$tmp/notes.txt" "$tmp/tr/x.jsonl"
"$T" batch --transcripts "$tmp/tr" "$tmp/x.json" >/dev/null 2>"$tmp/out"; check "batch --transcripts over a text file" 1 $?
contains "batch --transcripts says why" "$tmp/out" "x.jsonl exists and is not a triage transcript"
contains "batch --transcripts left it alone" "$tmp/tr/x.jsonl" "keep me"

# lint: the shipped rules are clean; each broken overlay in tests/lint/ is caught
"$T" lint >"$tmp/out" 2>"$tmp/err"; check "lint shipped rules" 0 $?
[ -s "$tmp/out" ] && { fail=$((fail + 1)); echo "FAIL: lint of the shipped rules reports:"; cat "$tmp/out"; } || pass=$((pass + 1))
for d in tests/lint/*; do
    want_status=$(sed -n 1p "$d/expect"); want_text=$(sed -n 2p "$d/expect")
    "$T" lint --rules rules --rules "$d" >"$tmp/out" 2>&1; check "lint $(basename "$d")" "$want_status" $?
    contains "lint $(basename "$d")" "$tmp/out" "$want_text"
done
# rules whose result would depend on firing order are refused by every command, not only lint
echo '{"id":1,"answers":{}}' | "$T" batch --rules rules --rules tests/lint/negation-cycle >"$tmp/out" 2>&1
check "batch refuses a negation cycle" 3 $?
contains "batch refuses a negation cycle" "$tmp/out" "90-cycle.clp:3: error: rule fatigue-unless-strain is on a cycle through a negation"

# test: vignettes pass; a wrong one and an under-triaged one fail
"$T" test tests/cases tests/vignettes >"$tmp/out" 2>&1; check "triage test" 0 $?
contains "triage test summary" "$tmp/out" "under-triage 0"
printf 'vignette: wrong expectation\nanswers:\n  fever: yes\nexpect:\n  disposition: urgent\n  triggers: severe_pain\n' >"$tmp/wrong.vignette"
"$T" test "$tmp/wrong.vignette" >"$tmp/out" 2>&1; check "test wrong vignette" 1 $?
contains "test wrong vignette" "$tmp/out" "triggers: severe_pain missing"
contains "test closing line" "$tmp/out" "0 passed, 1 failed"
printf 'vignette: under-triaged\nanswers:\n  pain_severity: 5\nexpect:\n  disposition: soon\n' >"$tmp/under.vignette"
"$T" test "$tmp/under.vignette" >"$tmp/out" 2>&1; check "test under-triage" 1 $?
contains "test under-triage" "$tmp/out" "UNDER-TRIAGE"
contains "test under-triage count" "$tmp/out" "under-triage 1"
printf 'vignette: x\nanswers:\n  fever yes\n' >"$tmp/bad.vignette"
"$T" test "$tmp/bad.vignette" >"$tmp/out" 2>&1; check "test unreadable vignette" 2 $?
contains "test unreadable vignette" "$tmp/out" "bad.vignette:3: expected"
"$T" test --coverage tests/cases >"$tmp/out" 2>&1; check "test --coverage" 0 $?
contains "test --coverage" "$tmp/out" "every rule fired in some vignette"

# check-safety: the shipped rules are monotone; a deliberately unsafe overlay is caught
"$T" check-safety --samples 2000 >"$tmp/out" 2>&1; check "check-safety shipped" 0 $?
contains "check-safety shipped" "$tmp/out" "none lowers the disposition"
"$T" check-safety --rules rules --rules tests/safety/unsafe >"$tmp/out" 2>&1; check "check-safety unsafe overlay" 1 $?
contains "check-safety unsafe overlay" "$tmp/out" "UNSAFE: answering fever"
sed -n '/^vignette:/,$p' "$tmp/out" >"$tmp/counter.vignette"
"$T" test --rules rules --rules tests/safety/unsafe "$tmp/counter.vignette" >"$tmp/out" 2>&1
check "counterexample fails triage test" 1 $?
contains "counterexample is an under-triage" "$tmp/out" "UNDER-TRIAGE"

# policy version 1 to 2: every case that moved, moved toward more urgency
"$T" diff --old tests/policy-v1/rules --new rules --generated 300 >"$tmp/out" 2>&1; check "diff v1 -> v2" 0 $?
contains "diff v1 -> v2: nothing less urgent" "$tmp/out" ", 0 less urgent"
contains "diff v1 -> v2: a weak leg is now urgent" "$tmp/out" "trigger motor_deficit appears (rule red-flag-leg-weakness)"
echo '{"id":"result","answers":{"age":30}}' | "$T" batch >"$tmp/out" 2>&1; check "policy version in results" 0 $?
contains "policy version in results" "$tmp/out" '"policy":2'

# a NUL byte in a line of any input file is an error naming the line, never
# the line cut short there ("age: 3<NUL>4" must not be read as age 3)
printf 'vignette: v\nanswers:\n  age: 3\0004\nexpect:\n  disposition: soon\n' >"$tmp/nul.vignette"
"$T" test "$tmp/nul.vignette" >"$tmp/out" 2>&1; check "vignette with NUL" 2 $?
contains "vignette with NUL" "$tmp/out" "nul.vignette:3: the line has a NUL byte in it"
printf '{"id":"v","answers":{},"expect":{"disposition":"self-care"}}\000x\n' >"$tmp/nul.jsonl"
"$T" test "$tmp/nul.jsonl" >"$tmp/out" 2>&1; check "JSON vignette with NUL" 2 $?
contains "JSON vignette with NUL" "$tmp/out" "nul.jsonl:1: the line has a NUL byte in it"
"$T" interview --case "$tmp/nul.jsonl" >"$tmp/out" 2>&1
contains "interview case with NUL" "$tmp/out" "line 1: invalid JSON: the line has a NUL byte in it"
printf '{"id":2,\000"answers":{}}\n' | "$T" batch >"$tmp/out" 2>&1; check "batch line with NUL" 1 $?
contains "batch line with NUL" "$tmp/out" '"line 1: invalid JSON: the line has a NUL byte in it"'

# --detail summary: the disposition, reasons, ids and ranks; no texts of the
# plan, no derivation; about 2 KB a case (test_result checks it is the full
# result cut down, key for key)
"$T" batch --jobs 1 --detail summary "$tmp/gen.jsonl" >"$tmp/sum" 2>&1; check "--detail summary" 0 $?
head -1 "$tmp/sum" >"$tmp/sum1"
for key in '"detail":"summary"' '"triggers":[' '"reasons":[' '"disposition":"' '"cautions":[' \
           '"recommendations":[' '"safety_net":[' '"assumptions":[' '"notice":["This is not a diagnosis' \
           '"rules_version":"' '"policy":2}'; do
    contains "summary key $key" "$tmp/sum1" "$key"
done
for key in '"explanation"' '"how"' '"dose"' '"technique"' '"contributors"' '"source"'; do
    lacks "summary lacks $key" "$tmp/sum" "$key"
done
grep -q '"recommendations":\[{"id":"[a-z_]*","rank":[0-9]*}' "$tmp/sum" && pass=$((pass + 1)) \
    || { fail=$((fail + 1)); echo "FAIL: summary plan items are not ids with ranks"; }
[ $(($(wc -c <"$tmp/sum") / $(wc -l <"$tmp/sum"))) -le 2048 ] && pass=$((pass + 1)) \
    || { fail=$((fail + 1)); echo "FAIL: summary over 2 KB a case: $(($(wc -c <"$tmp/sum") / $(wc -l <"$tmp/sum")))"; }
"$T" batch --jobs 1 "$tmp/gen.jsonl" >"$tmp/full" 2>&1
[ "$(wc -l <"$tmp/sum")" -eq "$(wc -l <"$tmp/full")" ] && [ $(($(wc -c <"$tmp/full") / 5)) -gt "$(wc -c <"$tmp/sum")" ] \
    && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: summary not under a fifth of full"; }
"$T" batch --jobs 1 --detail full "$tmp/gen.jsonl" >"$tmp/full2" 2>&1; check "--detail full" 0 $?
cmp -s "$tmp/full" "$tmp/full2" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: --detail full differs from the default"; }
"$T" batch --detail brief </dev/null >"$tmp/out" 2>&1; check "--detail brief" 2 $?
contains "--detail brief" "$tmp/out" "--detail takes full or summary"
"$T" batch --detail summary --format text </dev/null >"$tmp/out" 2>&1; check "--detail summary --format text" 2 $?
mkdir "$tmp/tsum"
echo '{"id":"s!/x","answers":{"fever":"yes"}}' \
    | "$T" batch --detail summary --transcripts "$tmp/tsum" >"$tmp/out" 2>&1; check "summary with transcripts" 0 $?
contains "summary with transcripts: summary out" "$tmp/out" '"detail":"summary"'
contains "summary with transcripts: all in the transcript" "$tmp/tsum/s__x.jsonl" '"explanation"'
"$T" batch --help >"$tmp/help" 2>&1
contains "batch --help: --detail" "$tmp/help" "--detail summary"
contains "batch --help: --quiet" "$tmp/help" "--quiet"

# progress: one updating line on standard error when it is a terminal (here a
# pseudo-terminal made by script(1)), nothing with --quiet or when it is not a
# terminal; standard output the same bytes either way
if command -v script >/dev/null 2>&1; then
    TRIAGE_PROGRESS_DELAY=0 script -qec "'$T' batch --jobs 1 '$tmp/gen.jsonl' >'$tmp/p1'" /dev/null >"$tmp/tty" 2>&1
    check "progress on a terminal" 0 $?
    contains "progress on a terminal" "$tmp/tty" "batch: "
    contains "progress: rate" "$tmp/tty" "cases/s"
    contains "progress: time left" "$tmp/tty" " left"
    cmp -s "$tmp/full" "$tmp/p1" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: progress changed standard output"; }
    TRIAGE_PROGRESS_DELAY=0 script -qec "'$T' batch '$tmp/gen.jsonl' >'$tmp/p2'" /dev/null >"$tmp/tty" 2>&1
    contains "progress with workers" "$tmp/tty" "cases/s"
    cmp -s "$tmp/full" "$tmp/p2" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: progress changed standard output (workers)"; }
    TRIAGE_PROGRESS_DELAY=0 script -qec "'$T' batch --quiet '$tmp/gen.jsonl' >'$tmp/p3'" /dev/null >"$tmp/tty" 2>&1
    lacks "--quiet: no progress" "$tmp/tty" "cases/s"
    cmp -s "$tmp/full" "$tmp/p3" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: --quiet changed standard output"; }
    TRIAGE_PROGRESS_DELAY=0 script -qec "'$T' check-safety --samples 200 >'$tmp/cs'" /dev/null >"$tmp/tty" 2>&1
    contains "check-safety progress" "$tmp/tty" "check-safety: "
    contains "check-safety progress: of" "$tmp/tty" " of 200 cases"
    lacks "check-safety progress not on stdout" "$tmp/cs" "cases/s"
    TRIAGE_PROGRESS_DELAY=0 script -qec "'$T' check-safety -q --samples 200 >'$tmp/cs'" /dev/null >"$tmp/tty" 2>&1
    lacks "check-safety --quiet" "$tmp/tty" "cases/s"
fi
TRIAGE_PROGRESS_DELAY=0 "$T" batch "$tmp/gen.jsonl" >"$tmp/p4" 2>"$tmp/p4.err"
[ -s "$tmp/p4.err" ] && { fail=$((fail + 1)); echo "FAIL: progress written to a file"; } || pass=$((pass + 1))

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
