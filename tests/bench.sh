#!/bin/sh
# bench.sh: speed and memory of `triage`, every comparison of issue 16 side by
# side in one run, printed, never asserted. Runs that are compared take turns
# (BENCH_ROUNDS rounds, default 8), so that the noise of a shared machine falls
# on both sides alike; figures are medians, ratios the median of each round's.
# BENCH_MILLION=1 adds a run over 1,000,000 cases (about 4 minutes here).
# Needs: $BIN (the bench programs); valgrind (instructions per case) and node
# with tests/bench/node_modules (the JavaScript comparison) are optional.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TRIAGE_CACHE_DIR="$tmp/images"
rounds=${BENCH_ROUNDS:-8}
T=./triage
"$BIN"/gen_cases 10000 1 >"$tmp/10k.jsonl"
: >"$tmp/empty.jsonl"
$T batch --jobs 1 <"$tmp/10k.jsonl" >"$tmp/full.out"   # compiles the rules' image once, too
$T batch --jobs 1 --detail summary <"$tmp/10k.jsonl" >"$tmp/summary.out"
jobs=$(getconf _NPROCESSORS_ONLN)
line() { sed -n "$1p" "$2"; }

echo "triage bench: $(uname -m), $jobs processors, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(medians of $rounds rounds taking turns; a ratio is the median of each round's own)"
echo

# 1. the default job count against one process: into a file, and piped into gzip
"$BIN"/bench_start "$rounds" "$tmp/10k.jsonl" "$tmp/out" $T batch --jobs 1 -- $T batch >"$tmp/jobs"
"$BIN"/bench_start "$rounds" "$tmp/10k.jsonl" /dev/null \
    /bin/sh -c "$T batch --jobs 1 | gzip -1 >/dev/null" -- /bin/sh -c "$T batch | gzip -1 >/dev/null" \
    >"$tmp/gzip"
awk -v j="$jobs" 'NR == 1 { w1 = $1; c1 = $2 } NR == 2 {
    printf "batch, 10,000 cases, full results, into a file:\n"
    printf "  --jobs 1:            %6.2f s wall  %6.2f s CPU  %7.0f cases/s\n", w1, c1, 10000 / w1
    printf "  default (up to %d):   %6.2f s wall  %6.2f s CPU  %7.0f cases/s\n", j, $1, $2, 10000 / $1
    printf "  default / --jobs 1:  wall %.2f, CPU %.2f   (target: wall <= 1.0, CPU <= 1.15)\n", $3, $4 }' "$tmp/jobs"
awk 'NR == 1 { w1 = $1 } NR == 2 {
    printf "  piped into gzip -1:  --jobs 1 %.2f s, default %.2f s wall; default / --jobs 1: %.2f\n", w1, $1, $3 }' "$tmp/gzip"

# 2. summary against full (one process, into a file and into /dev/null)
"$BIN"/bench_start "$rounds" "$tmp/10k.jsonl" "$tmp/out" \
    $T batch --jobs 1 -- $T batch --jobs 1 --detail summary >"$tmp/detail"
"$BIN"/bench_start "$rounds" "$tmp/10k.jsonl" /dev/null \
    $T batch --jobs 1 -- $T batch --jobs 1 --detail summary >"$tmp/detail0"
full_bytes=$(wc -c <"$tmp/full.out")
sum_bytes=$(wc -c <"$tmp/summary.out")
awk -v fb="$full_bytes" -v sb="$sum_bytes" 'NR == 1 { w1 = $1; c1 = $2 } NR == 2 {
    printf "--detail summary against full (--jobs 1, 10,000 cases, into a file):\n"
    printf "  full:     %7.0f cases/s  %6.0f bytes a case\n", 10000 / w1, fb / 10000
    printf "  summary:  %7.0f cases/s  %6.0f bytes a case\n", 10000 / $1, sb / 10000
    printf "  summary / full: %.2f times the cases/s (CPU %.2f of full), %.3f of the bytes   (target: >= 1.25, <= 2 KB)\n",
        1 / $3, $4, sb / fb }' "$tmp/detail"
awk 'NR == 1 { w1 = $1 } NR == 2 {
    printf "  into /dev/null: full %.0f, summary %.0f cases/s: %.2f times\n", 10000 / w1, 10000 / $1, 1 / $3 }' "$tmp/detail0"

# 3. start-up: batch on empty input and the shell to its first question, against --version
"$BIN"/bench_start 21 /dev/null /dev/null $T --version -- $T batch -- --first $T ask >"$tmp/start"
awk 'NR == 1 { w = $1; c = $2 } NR == 2 { bw = $1; bc = $2; br = $3; bcr = $4 } NR == 3 {
    printf "start-up (21 rounds; the compiled image; a process timer: wall and CPU):\n"
    printf "  triage --version:               %5.2f ms wall  %5.2f ms CPU\n", w * 1000, c * 1000
    printf "  triage batch, empty input:      %5.2f ms wall  %5.2f ms CPU   %.2f / %.2f times --version\n", bw * 1000, bc * 1000, br, bcr
    printf "  the shell to its first question: %5.2f ms wall  %5.2f ms CPU   %.2f / %.2f times --version   (target: <= 2)\n", $1 * 1000, $2 * 1000, $3, $4 }' "$tmp/start"

# 4. the interview, per answer
set -- $("$BIN"/bench_interview 300)
echo "interview: $3 answers, median $1 us, p99 $2 us each (answer, rules, next question)   (target: p99 < 1000 us)"
echo "  the answer and its rules: median $4 us, p99 $5 us; choosing the next question: median $6 us, p99 $7 us"

# 5. the bare CLIPS floor, in turns with batch --jobs 1
: >"$tmp/floor"
for r in 1 2 3 4 5; do
    b=$("$BIN"/bench_start 1 "$tmp/10k.jsonl" /dev/null $T batch --jobs 1 | cut -d' ' -f1)
    f=$("$BIN"/bench_floor "$tmp/10k.jsonl")
    echo "$b $f" >>"$tmp/floor"
done
awk '{ rate[NR] = 10000 / $1; floor[NR] = $2; ratio[NR] = 100 * (10000 / $1) / $2 }
    function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
        if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t } return a[int((n + 1) / 2)] }
    END { n = NR; printf "bare CLIPS floor (reset, the same answers, run, no rules; one process): %.0f cases/s\n", med(floor, n)
        printf "  batch --jobs 1 %.0f cases/s: %.0f%% of the floor (5 rounds in turn)\n", med(rate, n), med(ratio, n) }' "$tmp/floor"

# 6. instructions per case, which the machine's noise does not move
if command -v valgrind >/dev/null 2>&1; then
    head -300 "$tmp/10k.jsonl" >"$tmp/300.jsonl"
    ir() { valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" "$@" >/dev/null 2>&1 &&
           sed -n 's/^summary: *//p' "$tmp/cg"; }
    e=$(ir $T batch --jobs 1 "$tmp/empty.jsonl")
    f=$(ir $T batch --jobs 1 "$tmp/300.jsonl")
    s=$(ir $T batch --jobs 1 --detail summary "$tmp/300.jsonl")
    awk -v e="$e" -v f="$f" -v s="$s" 'BEGIN {
        printf "instructions (callgrind, 300 cases less an empty run): full %.0f, summary %.0f a case: %.2f times fewer\n",
            (f - e) / 300, (s - e) / 300, (f - e) / (s - e)
        printf "  start-up and exit, empty input: %.1f million\n", e / 1e6 }'
else
    echo "instructions per case: skipped (no valgrind)"
fi

# 7. a JavaScript rules engine doing the same triggers (json-rules-engine)
if command -v node >/dev/null 2>&1 && [ -d tests/bench/node_modules/json-rules-engine ]; then
    set -- $(node tests/bench/triage_rules.js "$tmp/10k.jsonl" "$tmp/summary.out")
    js_rate=$3 js_agree=$4
    set -- $("$BIN"/bench_start 3 "$tmp/10k.jsonl" /dev/null $T batch --jobs 1 --detail summary)
    awk -v jr="$js_rate" -v ja="$js_agree" -v w="$1" -v nv="$(node --version)" 'BEGIN {
        printf "json-rules-engine 7.3.1 (node %s), the same 49 trigger rules over the same cases, triggers and disposition only:\n", nv
        printf "  %.0f cases/s (its runs alone, after loading); its disposition agrees with triage on %d of 10,000 cases\n", jr, ja
        printf "  triage batch --jobs 1 --detail summary, the whole process: %.0f cases/s, %.1f times as many\n", 10000 / w, (10000 / w) / jr }'
else
    echo "json-rules-engine: skipped (needs node, and npm install --prefix tests/bench)"
fi

# 8. memory: the largest process's peak
set -- $("$BIN"/bench_run 3 "$tmp/empty.jsonl" $T batch)
rss0=$2
set -- $("$BIN"/bench_run 1 "$tmp/10k.jsonl" $T batch)
rss10=$2
set -- $("$BIN"/bench_run 1 "$tmp/10k.jsonl" $T batch --jobs 1)
rss10s=$2
rssm=skipped
if [ "${BENCH_MILLION:-0}" != 0 ]; then
    mkfifo "$tmp/million"
    "$BIN"/gen_cases 1000000 3 >"$tmp/million" &
    set -- $("$BIN"/bench_run 1 "$tmp/million" $T batch)
    wait
    rssm=$(awk -v r="$2" -v t="$1" 'BEGIN { printf "%.1f MB (%.0f cases/s)", r / 1024, 1000000 / t }')
fi
awk -v a="$rss0" -v b="$rss10" -v c="$rss10s" -v m="$rssm" 'BEGIN {
    printf "peak memory (largest process): empty %.1f MB, 10,000 cases %.1f MB (--jobs 1: %.1f MB), 1,000,000 cases %s\n",
        a / 1024, b / 1024, c / 1024, m }'
