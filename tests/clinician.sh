#!/bin/sh
# clinician.sh: what a clinician extending the rules meets, driven from the
# command line: a rule set lint rejects is never run, overrides, check-safety
# on unsafe overlays (each counterexample confirmed by triage test), and
# triage diff on a threshold change and an added red flag.
# usage: sh tests/clinician.sh ./triage
set -u
T=${1:-./triage}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # name, expected status, actual status
    if [ "$2" = "$3" ]; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL: $1: exit $3, expected $2"; sed 's/^/    /' "$tmp/out" | head -20; fi
}
contains() { # name, file, text
    if grep -qF -- "$3" "$2"; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL: $1: output lacks: $3"; sed 's/^/    /' "$2" | head -20; fi
}
lacks() { # name, file, text
    if ! grep -qF -- "$3" "$2"; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL: $1: output has: $3"; fi
}

# ---- a rule set that lint rejects is never run --------------------------------
typo=tests/lint/typo-question-id
echo '{"id":1,"answers":{"fever":"yes"}}' >"$tmp/case.jsonl"
echo '{"id":1,"answers":{"fever":"yes"}}' >"$tmp/case.json"
printf 'vignette: v\nanswers:\n  fever: yes\nexpect:\n  disposition: urgent\n' >"$tmp/v.vignette"
for cmd in "batch $tmp/case.jsonl" "interview --case $tmp/case.jsonl" "test $tmp/v.vignette" \
           "explain --case $tmp/case.json" "graph" "check-safety --samples 10" "ask"; do
    "$T" $cmd --rules rules --rules $typo </dev/null >"$tmp/out" 2>&1
    check "$cmd refuses a rule set lint rejects" 3 $?
    contains "$cmd names file and line" "$tmp/out" "90-typo.clp:6: error: rule typo-red-flag uses answer fevr, which is never defined (did you mean fever?)"
    lacks "$cmd evaluates nothing" "$tmp/out" '"disposition"'
done
# a vignette expecting a disposition the rules do not define: named, with the ones they do
printf 'vignette: v\nanswers:\n  fever: yes\nexpect:\n  disposition: later\n' >"$tmp/later.vignette"
"$T" test "$tmp/later.vignette" >"$tmp/out" 2>&1
check "a vignette's unknown disposition" 2 $?
contains "the rules' dispositions listed" "$tmp/out" 'unknown disposition "later" (the rules define emergency, urgent, soon and self_care)'
# audit's replay too: a transcript recorded on the shipped rules, replayed on the broken set
"$T" interview --case "$tmp/case.jsonl" --transcript "$tmp/t.jsonl" >/dev/null 2>&1
"$T" audit --rules rules --rules $typo "$tmp/t.jsonl" >"$tmp/out" 2>&1
check "audit's replay refuses a rule set lint rejects" 3 $?
contains "audit names file and line" "$tmp/out" "90-typo.clp:6: error:"
# warnings do not block
mkdir "$tmp/warn"
cat >"$tmp/warn/90-warn.clp" <<'EOF'
(deffacts warn (question (id warn_q) (type yesno) (red-flag no) (if-unknown not-known) (priority 10)
   (prompt "A test question?") (source "test")))
(defrule warn-uses "Uses the test question. Source: test"
   (logical (answer (id warn_q) (value yes)))
   =>
   (assert (trigger (id persistent_pain))))
EOF
"$T" lint --rules rules --rules "$tmp/warn" >"$tmp/out" 2>&1
check "lint: a question without help is a warning" 0 $?
contains "lint warning" "$tmp/out" "warning: question warn_q has no help text"
"$T" batch --rules rules --rules "$tmp/warn" "$tmp/case.jsonl" >"$tmp/out" 2>&1
check "warnings do not block batch" 0 $?
# the verdict is cached: a second load finds it, and a changed file is checked again
rm -rf "$tmp/cache"
TRIAGE_CACHE_DIR="$tmp/cache" "$T" batch --rules rules --rules "$tmp/warn" "$tmp/case.jsonl" >/dev/null 2>&1
ls "$tmp/cache"/*.lint-ok >/dev/null 2>&1 && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: no lint verdict kept"; }
echo '(defrule broken "x Source: y" (logical (answer (id warn_qq) (value yes))) => (assert (trigger (id persistent_pain))))' >>"$tmp/warn/90-warn.clp"
TRIAGE_CACHE_DIR="$tmp/cache" "$T" batch --rules rules --rules "$tmp/warn" "$tmp/case.jsonl" >"$tmp/out" 2>&1
check "a changed file is checked again" 3 $?
contains "changed file" "$tmp/out" "uses answer warn_qq, which is never defined (did you mean warn_q?)"

# ---- the shell's reload keeps the rules in use when the new ones fail ------------
mkdir "$tmp/ov"
cp docs/example/overlay/90-abdominal-pain.clp "$tmp/ov/"
{
    printf 'no\n'
    sleep 1
    cp "$typo/90-typo.clp" "$tmp/ov/"
    printf 'reload\nno\nanswers\nquit\n'
} | "$T" --rules rules --rules "$tmp/ov" >"$tmp/out" 2>&1
contains "reload names the error" "$tmp/out" "90-typo.clp:6: error: rule typo-red-flag uses answer fevr"
contains "reload keeps the old rules" "$tmp/out" "The rules did not reload (the errors above); the rules loaded before stay in use."

# ---- overrides ----------------------------------------------------------------
"$T" lint --rules rules --rules docs/example/fourteen-days >"$tmp/out" 2>&1
check "declared overrides lint clean" 0 $?
contains "override listed with its old place" "$tmp/out" "overrides rule threshold-persistent-pain at rules/35-see-a-doctor.clp:"
echo '{"id":"d14","answers":{"age":34,"pain_duration_days":14,"pain_location":["lower_back"]}}' >"$tmp/d14.jsonl"
"$T" batch --rules rules --rules docs/example/fourteen-days "$tmp/d14.jsonl" >"$tmp/out" 2>&1
check "batch with the 14-day override" 0 $?
contains "the overlay's rule is used" "$tmp/out" '"disposition":"soon"'
contains "the overlay's words are used" "$tmp/out" "pain that has lasted 2 weeks or more should be checked"
lacks "no shipped words remain" "$tmp/out" "3 weeks"
"$T" batch --rules rules --rules tests/lint/override-undeclared-definition "$tmp/d14.jsonl" >"$tmp/out" 2>&1
check "an undeclared duplicate definition refuses to load" 3 $?
contains "undeclared duplicate named" "$tmp/out" "90-redefined.clp:3: error: trigger-def persistent_pain is defined twice"

# ---- check-safety ---------------------------------------------------------------
"$T" check-safety --samples 1500 >"$tmp/out" 2>&1
check "check-safety: the shipped rules are safe with nothing unchecked" 0 $?
contains "check-safety shipped" "$tmp/out" "check-safety: safe: nothing was left unchecked."
lacks "check-safety shipped" "$tmp/out" "UNCHECKED"
for d in unsafe unsafe-age-unless-numb unsafe-list unsafe-unsure; do
    "$T" check-safety --samples 1500 --rules rules --rules tests/safety/$d >"$tmp/out" 2>&1
    check "check-safety finds $d" 1 $?
    contains "check-safety $d" "$tmp/out" "check-safety: UNSAFE: answering"
    sed -n '/^# check-safety counterexample/,$p' "$tmp/out" >"$tmp/counter.vignette"
    "$T" test --rules rules --rules tests/safety/$d "$tmp/counter.vignette" >"$tmp/out" 2>&1
    check "triage test confirms the $d counterexample" 1 $?
    contains "$d counterexample under-triaged" "$tmp/out" "UNDER-TRIAGE"
done
"$T" check-safety --samples 1500 --rules rules --rules tests/safety/unsafe-age-unless-numb >"$tmp/out" 2>&1
contains "the age counterexample needs an age" "$tmp/out" "  age: "
"$T" check-safety --samples 500 --rules rules --rules tests/safety/unchecked-test >"$tmp/out" 2>&1
check "check-safety: an unreadable comparison is unchecked" 4 $?
contains "unchecked named" "$tmp/out" "UNCHECKED: rule hidden-age-threshold (90-test.clp:9) uses the number age without a comparison"
lacks "unchecked is not called safe" "$tmp/out" "safe: nothing"
"$T" check-safety --samples 500 --rules rules --rules tests/safety/dead-red-flag >"$tmp/out" 2>&1
check "check-safety: a red-flag rule that can never fire" 1 $?
contains "dead red flag named" "$tmp/out" "red-flag rule red-flag-impossible-pain (90-dead.clp:8) can never fire"
"$T" check-safety --samples 0 >"$tmp/out" 2>&1
check "check-safety --samples 0" 2 $?

# ---- triage diff ---------------------------------------------------------------
"$T" diff --old rules --new rules --new docs/example/fourteen-days "$tmp/d14.jsonl" >"$tmp/out" 2>&1
check "diff: a lowered threshold raises urgency" 0 $?
contains "diff transition" "$tmp/out" "self_care -> soon: 1 case  more urgent"
contains "diff names the rule" "$tmp/out" "trigger persistent_pain appears (rule threshold-persistent-pain)"
"$T" diff --old rules --old docs/example/fourteen-days --new rules "$tmp/d14.jsonl" >"$tmp/out" 2>&1
check "diff: a raised threshold is less urgent" 1 $?
contains "diff less urgent" "$tmp/out" "soon -> self_care: 1 case  LESS URGENT"
contains "diff says where it was" "$tmp/out" "trigger persistent_pain goes (was rule threshold-persistent-pain)"
"$T" diff --old rules --new rules --new docs/example/overlay --generated 300 tests/cases/policy.jsonl >"$tmp/out" 2>&1
check "diff: an added red flag" 0 $?
contains "diff summary" "$tmp/out" "0 less urgent"
"$T" diff --old tests/policy-v1/rules >"$tmp/out" 2>&1
check "diff: policy version 1 to 2 raises urgency only" 0 $?
contains "diff v1 to v2" "$tmp/out" "more urgent"
lacks "diff v1 to v2" "$tmp/out" "LESS URGENT"
"$T" diff --new rules >"$tmp/out" 2>&1
check "diff without --old" 2 $?
"$T" diff --old rules "$tmp/missing.jsonl" >"$tmp/out" 2>&1
check "diff with a missing case file" 2 $?

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
