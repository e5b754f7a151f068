#!/bin/sh
# rules_example.sh: runs the worked example of docs/RULES.md: every line of it
# that starts with "$ triage" is run with ./triage and must exit 0; then its
# output is checked for what the document promises.
set -u
T=${1:-./triage}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
n=0
sed -n 's/^\$ triage //p' docs/RULES.md >"$tmp/commands"
while IFS= read -r args; do
    n=$((n + 1))
    if sh -c "$T $args" >"$tmp/out.$n" 2>&1; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: triage $args"
        sed 's/^/    /' "$tmp/out.$n" | tail -20
    fi
done <"$tmp/commands"
[ "$n" -ge 5 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: only $n commands in RULES.md"; }
expect() { # n, text
    if grep -qF -- "$2" "$tmp/out.$1"; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL: command $1 lacks: $2"; fi
}
lacks() { # n, text
    if grep -qF -- "$2" "$tmp/out.$1"; then fail=$((fail + 1)); echo "FAIL: command $1 has: $2"
    else pass=$((pass + 1)); fi
}
expect 1 "triage lint: 0 errors, 0 warnings, 0 overrides"
expect 2 "under-triage 0"
expect 3 "none lowers the disposition"
expect 3 "check-safety: safe: nothing was left unchecked."
expect 4 "Do you also have pain in your tummy (abdomen) or in your side?"
expect 4 "URGENT: see a doctor today"
expect 5 '"answer:abdominal_pain" -> "rule:red-flag-abdominal-pain-over-50"'
expect 5 'label="red-flag-abdominal-pain-\nover-50\nabdominal_pain = yes\nage >= 50"'
expect 5 '"rule:red-flag-abdominal-pain-over-50" -> "trigger:abdominal_pain_over_50"'
expect 5 '"trigger:abdominal_pain_over_50" -> "disposition:urgent" [style=bold'
lacks 5 'weak_glutes'
expect 6 " -> urgent: "
expect 6 "more urgent"
expect 6 "trigger abdominal_pain_over_50 appears (rule red-flag-abdominal-pain-over-50)"
expect 6 ", 0 less urgent"
expect 7 "note: overrides rule threshold-persistent-pain at rules/35-see-a-doctor.clp:"
expect 7 "note: overrides trigger-def persistent_pain at rules/35-see-a-doctor.clp:"
expect 7 "triage lint: 0 errors, 0 warnings, 2 overrides"
expect 8 "2 passed, 0 failed"
expect 9 "SOON: book a doctor or physiotherapist"
expect 9 "pain that has lasted 2 weeks or more should be checked"
lacks 9 "3 weeks"
lacks 9 "21 days"
expect 10 "self_care -> soon"
expect 10 "trigger persistent_pain appears (rule threshold-persistent-pain)"
expect 10 ", 0 less urgent"
# the reverse change lowers urgency: diff reports it and exits 1
"$T" diff --old rules --old docs/example/fourteen-days --new rules --generated 500 >"$tmp/out.rev" 2>&1
st=$?
[ "$st" -eq 1 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: reverse diff exit $st, want 1"; }
grep -qF "soon -> self_care" "$tmp/out.rev" && grep -qF "LESS URGENT" "$tmp/out.rev" &&
    pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: reverse diff does not report less urgent cases"; }
# without the declarations, the same overlay is refused by every command
mkdir "$tmp/undeclared"
grep -v '(override\|(reason' docs/example/fourteen-days/90-persistent-pain-14-days.clp >"$tmp/undeclared/90-x.clp"
echo '{"id":1,"answers":{}}' | "$T" batch --rules rules --rules "$tmp/undeclared" >"$tmp/out.und" 2>&1
st=$?
[ "$st" -eq 3 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: undeclared override: batch exit $st, want 3"; }
grep -qF "90-x.clp:" "$tmp/out.und" && grep -qF "is defined twice" "$tmp/out.und" &&
    pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: undeclared override not named:"; cat "$tmp/out.und"; }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
