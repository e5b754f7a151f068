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
expect 1 "triage lint: 0 errors, 0 warnings"
expect 2 "under-triage 0"
expect 3 "none lowers the disposition"
expect 4 "Have you ever injected drugs?"
expect 4 "So far: URGENT: see a doctor today"
expect 5 '"answer:iv_drug_use" -> "trigger:spinal_infection_risk" [label="red-flag-iv-drug-use", color=red'
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
