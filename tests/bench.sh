#!/bin/sh
# bench.sh: speed and memory of `triage`, printed, never asserted.
# BENCH_MILLION=0 skips the run over 1,000,000 cases (about 4 minutes here).
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TRIAGE_CACHE_DIR="$tmp/images"
"$BIN"/gen_cases 10000 1 >"$tmp/10k.jsonl"
"$BIN"/gen_cases 1000 2 >"$tmp/1k.jsonl"
: >"$tmp/empty.jsonl"
./triage batch <"$tmp/1k.jsonl" >/dev/null   # compiles the rules' image once

# Batch and the floor take turns, five rounds, so that the ratio of each
# round compares runs made moments apart on this shared, noisy machine.
rss10=0 rss10s=0
for round in 1 2 3 4 5; do
    set -- $("$BIN"/bench_run 1 "$tmp/10k.jsonl" ./triage batch)
    workers=$1
    [ "$2" -gt "$rss10" ] && rss10=$2
    set -- $("$BIN"/bench_run 1 "$tmp/10k.jsonl" ./triage batch --jobs 1)
    serial=$1
    [ "$2" -gt "$rss10s" ] && rss10s=$2
    echo "$workers $serial $("$BIN"/bench_floor "$tmp/10k.jsonl")" >>"$tmp/rounds"
done
median() { sort -g | sed -n 3p; }
t10=$(cut -d' ' -f1 "$tmp/rounds" | median)
t10s=$(cut -d' ' -f2 "$tmp/rounds" | median)
floor=$(cut -d' ' -f3 "$tmp/rounds" | median)
awk '{ print 100 * (10000 / $1) / $3 }' "$tmp/rounds" | sort -g >"$tmp/ratios"
ratio=$(median <"$tmp/ratios")
ratio_lo=$(head -1 "$tmp/ratios")
ratio_hi=$(tail -1 "$tmp/ratios")
ratio1=$(awk '{ print 100 * (10000 / $2) / $3 }' "$tmp/rounds" | median)
set -- $("$BIN"/bench_run 3 "$tmp/1k.jsonl" ./triage batch)
t1=$1
set -- $("$BIN"/bench_run 21 "$tmp/empty.jsonl" ./triage batch)
start=$1 rss0=$2
set -- $(TRIAGE_CACHE_DIR= "$BIN"/bench_run 11 "$tmp/empty.jsonl" ./triage batch)
start_parse=$1
set -- $("$BIN"/bench_first 21 ./triage ask)
shell_start=$1
set -- $("$BIN"/bench_interview 300)
answer_median=$1 answer_p99=$2 answers=$3 rules_median=$4 rules_p99=$5 next_median=$6 next_p99=$7
jobs=$(getconf _NPROCESSORS_ONLN)

million=skipped rssm=0 tm=0
if [ "${BENCH_MILLION:-1}" != 0 ]; then
    mkfifo "$tmp/million"
    "$BIN"/gen_cases 1000000 3 >"$tmp/million" &
    set -- $("$BIN"/bench_run 1 "$tmp/million" ./triage batch)
    wait
    tm=$1 rssm=$2 million=done
fi

awk -v t10="$t10" -v t10s="$t10s" -v t1="$t1" -v s="$start" -v sp="$start_parse" -v r0="$rss0" \
    -v r10="$rss10" -v r10s="$rss10s" -v rm="$rssm" -v tm="$tm" -v million="$million" \
    -v ss="$shell_start" -v am="$answer_median" -v a99="$answer_p99" -v an="$answers" \
    -v rm50="$rules_median" -v r99="$rules_p99" -v nm50="$next_median" -v n99="$next_p99" \
    -v floor="$floor" -v jobs="$jobs" -v ratio="$ratio" -v ratio_lo="$ratio_lo" -v ratio_hi="$ratio_hi" \
    -v ratio1="$ratio1" 'BEGIN {
    printf "triage batch, full results with explanations (medians; 5 rounds of batch and floor in turn)\n"
    printf "  10,000 cases, %d worker processes: %7.0f cases/s  (%.2f s)\n", jobs, 10000 / t10, t10
    printf "  10,000 cases, --jobs 1:             %7.0f cases/s  (%.2f s)\n", 10000 / t10s, t10s
    printf "  1,000 cases:                        %7.0f cases/s  (%.2f s)\n", 1000 / t1, t1
    printf "  bare CLIPS floor (reset, the same answers, run, no rules; one process): %.0f cases/s\n", floor
    printf "    batch is %.0f%% of it (rounds %.0f%% to %.0f%%; --jobs 1: %.0f%%)\n", ratio, ratio_lo, ratio_hi, ratio1
    printf "  start-up, empty input: %.2f ms from the compiled image, %.2f ms parsing the rules\n", s * 1000, sp * 1000
    printf "  peak memory (largest process): empty %.1f MB, 10,000 cases %.1f MB (--jobs 1: %.1f MB)", r0 / 1024, r10 / 1024, r10s / 1024
    if (million == "done")
        printf ", 1,000,000 cases %.1f MB (%.0f cases/s)\n", rm / 1024, 1000000 / tm
    else
        printf ", 1,000,000 cases skipped (BENCH_MILLION=0)\n"
    printf "interview: %d answers, median %.0f us, p99 %.0f us each (answer, rules, next question)\n", an, am, a99
    printf "  of which the answer and its rules: median %.0f us, p99 %.0f us; choosing the next question: median %.0f us, p99 %.0f us\n", rm50, r99, nm50, n99
    printf "shell: start-up to the first question (from the compiled image): %.2f ms\n", ss * 1000
    printf "targets: 30,000 cases/s, half the floor, start-up < 5 ms, p99 per answer < 20 us, memory < 8 MB and flat\n"
}'
