#!/usr/bin/env bash
# Benchmark (issue 3): backlog drain to a local Mosquitto, with live readings and alarm events appended during the
# drain. Targets: drain >= 50,000 readings/s (batched payloads); live readings arrive within 1 s; alarm events reach
# the broker within 100 ms even behind a backlog of 1,000,000 readings. Figures in docs/benchmarks.md.
# usage: tests/bench/backlog-drain.sh [--smoke]
set -euo pipefail
source "$(dirname "$0")/common.sh"
build_dotnet
MOSQUITTO="$(command -v mosquitto || echo /usr/sbin/mosquitto)"
[ -x "$MOSQUITTO" ] || { echo "mosquitto is not installed: apt-get install mosquitto" >&2; exit 1; }
port="$(free_port)"
conf="$BENCH_OUT/drain-mosquitto.conf"
{
  [ "$(id -u)" = "0" ] && echo "user root"
  echo "listener $port 127.0.0.1"
  echo "allow_anonymous true"
  echo "persistence false"
  echo "max_queued_messages 100000"
} >"$conf"
"$MOSQUITTO" -c "$conf" >"$BENCH_OUT/drain-mosquitto.log" 2>&1 &
broker=$!
trap 'kill "$broker" 2>/dev/null || true' EXIT
wait_for_port "$port"
backlogs="200000 1000000"
[ "$SMOKE" = "1" ] && backlogs="20000"
machine_line
echo "# mosquitto $("$MOSQUITTO" -h 2>/dev/null | head -1 | awk '{print $3}') on 127.0.0.1:$port; forwarder batches of up to 500 readings, QoS 1, one publish in flight"
printf '| backlog (readings) | drain readings/s | live readings: latency ms (p50 / p99 / max) | alarm events: queued-to-broker ms (p50 / p99 / max) | load average (start / end) |\n|---:|---:|---|---|---|\n'
for backlog in $backlogs; do
  load_start="$(cut -d' ' -f1 /proc/loadavg)"
  out="$(dotnet "$BENCH_DLL" backlog-drain --broker-port "$port" --backlog "$backlog" --dir "$BENCH_OUT/drain")"
  grep '^#' <<<"$out" >&2 || true
  rate="$(figure "drain readings/s" <<<"$out")"
  live="$(awk '/^live readings during the drain:/ { print $10 " / " $12 " / " $14 " (" $6 " readings)" }' <<<"$out" | tr -d ',')"
  alarms="$(awk '/^alarm events during the drain:/ { print $10 " / " $12 " / " $14 " (" $6 " events)" }' <<<"$out" | tr -d ',')"
  printf '| %s | %s | %s | %s | %s / %s |\n' "$backlog" "$rate" "$live" "$alarms" "$load_start" "$(cut -d' ' -f1 /proc/loadavg)"
done
