#!/bin/sh
# bench.sh: speed and memory of `triage batch`, printed, never asserted.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
./tests/gen_cases 10000 1 >"$tmp/10k.jsonl"
./tests/gen_cases 1000 2 >"$tmp/1k.jsonl"
: >"$tmp/empty.jsonl"

set -- $(./tests/bench_run 3 "$tmp/10k.jsonl" ./triage batch)
t10=$1 rss10=$2
set -- $(./tests/bench_run 3 "$tmp/1k.jsonl" ./triage batch)
t1=$1 rss1=$2
set -- $(./tests/bench_run 21 "$tmp/empty.jsonl" ./triage batch)
start=$1 rss0=$2
set -- $(./tests/bench_run 11 "$tmp/empty.jsonl" ./triage ask)
shell_start=$1
set -- $(./tests/bench_interview 300)
answer_median=$1 answer_p99=$2 answers=$3
floor=$(./tests/bench_floor "$tmp/10k.jsonl")

awk -v t10="$t10" -v t1="$t1" -v s="$start" -v r0="$rss0" -v r1="$rss1" -v r10="$rss10" \
    -v ss="$shell_start" -v am="$answer_median" -v a99="$answer_p99" -v an="$answers" -v floor="$floor" 'BEGIN {
    printf "triage batch, full results with explanations (median of runs)\n"
    printf "  1,000 cases:    %8.0f cases/s  (%.2f s)\n", 1000 / t1, t1
    printf "  10,000 cases:   %8.0f cases/s  (%.2f s)\n", 10000 / t10, t10
    printf "  start-up, empty input: %.2f ms\n", s * 1000
    printf "  peak memory: empty %.1f MB, 1,000 cases %.1f MB, 10,000 cases %.1f MB\n",
        r0 / 1024, r1 / 1024, r10 / 1024
    printf "  bare CLIPS floor (reset, the same answers, run, no rules): %.0f cases/s; batch is %.1f%% of it\n",
        floor, 100 * (10000 / t10) / floor
    printf "interview: %d answers, median %.0f us, p99 %.0f us each (answer, rules, next question)\n", an, am, a99
    printf "shell: start-up to the first question and out, empty input: %.2f ms\n", ss * 1000
    printf "targets: 30,000 cases/s, half the floor, start-up < 5 ms, p99 per answer < 20 us, memory < 8 MB and flat\n"
}'
