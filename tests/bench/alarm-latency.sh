#!/usr/bin/env bash
# Benchmark (issue 3): alarm latency through the whole gateway runtime. A level register crosses its high limit at a
# random phase of the poll cycle (50 ms unless POLL_MS is set); measured: crossing -> simulated beacon on (target <= poll period + 10 ms) and
# crossing -> alarm event at a subscriber of a local Mosquitto (target < 100 ms) with 1,000,000 readings waiting in
# the durable queue. Figures in docs/benchmarks.md.
# usage: [POLL_MS=100] tests/bench/alarm-latency.sh [--smoke]
set -euo pipefail
source "$(dirname "$0")/common.sh"
build_dotnet
MOSQUITTO="$(command -v mosquitto || echo /usr/sbin/mosquitto)"
[ -x "$MOSQUITTO" ] || { echo "mosquitto is not installed: apt-get install mosquitto" >&2; exit 1; }
port="$(free_port)"
conf="$BENCH_OUT/alarm-mosquitto.conf"
{ [ "$(id -u)" = "0" ] && echo "user root"; echo "listener $port 127.0.0.1"; echo "allow_anonymous true"; echo "persistence false"; } >"$conf"
"$MOSQUITTO" -c "$conf" >"$BENCH_OUT/alarm-mosquitto.log" 2>&1 &
broker=$!
trap 'kill "$broker" 2>/dev/null || true' EXIT
wait_for_port "$port"
BACKLOG=1000000; ROUNDS=40
[ "$SMOKE" = "1" ] && { BACKLOG=20000; ROUNDS=5; }
machine_line
load_start="$(cut -d' ' -f1 /proc/loadavg)"
out="$(dotnet "$BENCH_DLL" alarm-latency --broker-port "$port" --poll-ms "${POLL_MS:-50}" --backlog "$BACKLOG" --rounds "$ROUNDS" --dir "$BENCH_OUT/alarm-latency")"
grep '^#' <<<"$out" || true
grep -q "^crossing to output ms: p50 [0-9]" <<<"$out" || { echo "no figure for crossing to output" >&2; exit 1; }
grep -v '^#' <<<"$out"
echo "# load average: $load_start at the start, $(cut -d' ' -f1 /proc/loadavg) at the end"
