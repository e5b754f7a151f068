#!/bin/sh
# bench_serve.sh: `triage serve` under load, printed, never asserted (make
# bench). wrk against POST /v1/triage (generated cases, full results) and POST
# /v1/next (every step of their interviews) at 8 and 64 connections; the
# server's memory (RSS) before and after 1,000,000 requests (100,000 with
# BENCH_MILLION=0); then a slow-client flood from 127.0.0.2 (500 connections,
# a byte every 5 s) while wrk runs from 127.0.0.1.
# usage: BIN=build/tests sh tests/bench_serve.sh
set -eu
BIN=${BIN:-build/tests}
TRIAGE=${TRIAGE:-./triage}
SECONDS_EACH=${BENCH_SERVE_SECONDS:-10}
echo "triage serve, wrk from 127.0.0.1 ($(getconf _NPROCESSORS_ONLN) cores, server and client on the same machine)"
for tool in wrk node curl; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "  skipped: $tool is not installed (make deps installs wrk and node)"
        exit 0
    fi
done
tmp=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
export TRIAGE_CACHE_DIR="$tmp/images"

port=$((20000 + $$ % 20000))
while ss -ltn 2>/dev/null | grep -q ":$port "; do port=$((port + 1)); done
url=http://127.0.0.1:$port
"$TRIAGE" serve --listen 127.0.0.1:$port 2>"$tmp/log" &
pid=$!
for i in $(seq 100); do curl -sf "$url/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
threads=$(sed -n 's/.* with \([0-9]*\) threads.*/\1/p' "$tmp/log")

rss() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' /proc/$pid/status; }

node tests/bench_serve.mjs bodies "$url" 200 11 "$BIN/gen_cases" "$tmp/triage.jsonl" "$tmp/next.jsonl"
echo "  bodies: $(wc -l <"$tmp/triage.jsonl") cases for /v1/triage, $(wc -l <"$tmp/next.jsonl") interview steps for /v1/next; server: $threads worker threads"

# one wrk run: prints "requests/s median p99 errors requests"
run() {   # path connections seconds bodies
    wrk -t2 -c"$2" -d"$3"s --latency -s tests/bench_serve.lua "$url$1" -- "$4" >"$tmp/wrk" 2>&1 || true
    awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /Requests\/sec/ { rps = $2 }
        /^ +50%/ { p50 = ms($2) }
        /^ +99%/ { p99 = ms($2) }
        /requests in/ { n = $1 }
        /Non-2xx/ { err += $NF }
        /Socket errors/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }
        END { printf "%d %.2f %.2f %d %d\n", rps, p50, p99, err, n }' "$tmp/wrk"
}

rss0=$(rss)
for path in /v1/triage /v1/next; do
    bodies=$tmp/triage.jsonl
    [ "$path" = /v1/next ] && bodies=$tmp/next.jsonl
    for c in 8 64; do
        run "$path" "$c" 2 "$bodies" >/dev/null   # warm up
        set -- $(run "$path" "$c" "$SECONDS_EACH" "$bodies")
        printf '  %-11s %2d connections: %6d requests/s, median %6.2f ms, p99 %6.2f ms, %d errors\n' \
            "$path" "$c" "$1" "$2" "$3" "$4"
    done
done

# memory over many requests
target=1000000
[ "${BENCH_MILLION:-1}" = 0 ] && target=100000
done_n=0 errs=0 rss1=$(rss)
printf '  memory (RSS): %s MB at start, %s MB after the runs above' "$rss0" "$rss1"
while [ "$done_n" -lt "$target" ]; do
    set -- $(run /v1/triage 32 20 "$tmp/triage.jsonl")
    done_n=$((done_n + $5)) errs=$((errs + $4))
    printf ', %s MB after %d' "$(rss)" "$done_n"
done
echo " more requests of /v1/triage ($errs errors)"

# a slow-client flood from 127.0.0.2 while wrk runs from 127.0.0.1
set -- $(run /v1/triage 8 "$SECONDS_EACH" "$tmp/triage.jsonl")
before_rps=$1 before_p99=$3
node tests/bench_serve.mjs slow "$url" 127.0.0.2 500 $((SECONDS_EACH + 25)) >"$tmp/slow" &
slow=$!
sleep 8
set -- $(run /v1/triage 8 "$SECONDS_EACH" "$tmp/triage.jsonl")
during_rps=$1 during_p99=$3 during_err=$4
ok=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H 'Content-Type: application/json' \
         -d '{"answers":{"age":40}}' "$url/v1/triage" || true)
wait $slow || true
set -- $(cat "$tmp/slow")
echo "  slow clients from 127.0.0.2 (each sends a byte every 5 s): at most $1 of 500 open at once, $2 still open after $((SECONDS_EACH + 25)) s (the limit is 200 an address), $3 closed by the server, $4 refused"
echo "  meanwhile from 127.0.0.1: $during_rps requests/s, p99 $during_p99 ms, $during_err errors (before the flood: $before_rps requests/s, p99 $before_p99 ms); a request of its own: HTTP $ok"
if [ "$during_err" = 0 ] && [ "$ok" = 200 ] && [ "$during_rps" -gt 0 ]; then
    echo "  the first client is still served"
else
    echo "  the first client is NOT served as before"
fi
echo "  targets: 8 connections >= 3,000 results/s with p99 < 10 ms; 64 connections no errors, p99 < 50 ms; memory flat"
