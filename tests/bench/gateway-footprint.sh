#!/usr/bin/env bash
# Benchmark (issue 3): the real `edgesensors run` polling 10 devices x 100 tags every 100 ms (10,000 tags/s) from a
# Modbus TCP server whose registers all change every 50 ms, alarms evaluated, every changed reading queued (SQLite,
# synchronous as given) and forwarded to a local Mosquitto. Measures the gateway's RSS (VmRSS sampled every second,
# and VmHWM), its CPU time (utime + stime from /proc/PID/stat) and what it did (status.json counters).
# Target: RSS under 100 MB while handling 10,000 tags/s. Figures in docs/benchmarks.md.
# usage: [TRACE=FILE.nettrace] tests/bench/gateway-footprint.sh [--smoke] [--sync normal|full]
#   TRACE: also records a CPU-sampling trace of the gateway over the measured period with dotnet-trace (on PATH or
#   DOTNET_TRACE), for `dotnet-trace report FILE topN`; the tracing costs CPU, so its figures are not the benchmark's.
set -euo pipefail
source "$(dirname "$0")/common.sh"
build_dotnet
SYNC=normal
for ((i = 1; i <= $#; i++)); do
  [ "${!i}" = "--sync" ] && { j=$((i + 1)); SYNC="${!j}"; }
done
CLI_PROJECT="$REPO_ROOT/gateway/EdgeSensors.Cli/EdgeSensors.Cli.csproj"
CLI_DLL="$REPO_ROOT/gateway/EdgeSensors.Cli/bin/Release/net10.0/edgesensors.dll"
if [ "${BENCH_SKIP_BUILD:-0}" != "1" ] || [ ! -f "$CLI_DLL" ]; then
  dotnet build "$CLI_PROJECT" -c Release -nologo -v quiet >"$BENCH_OUT/cli-build.log" 2>&1 || { cat "$BENCH_OUT/cli-build.log"; exit 1; }
fi
WARMUP=15; MEASURE=30
[ "$SMOKE" = "1" ] && { WARMUP=4; MEASURE=4; }
UNITS=10; TAGS=100; POLL_S=0.1
work="$BENCH_OUT/footprint"
rm -rf "$work"; mkdir -p "$work/profiles/bench-block-100" "$work/data"

# A benchmark-only profile: 100 uint16 measurement tags at holding 0-99 (one request per poll).
cp -r "$REPO_ROOT/hardware/profiles/." "$work/profiles/"
{
  echo "id: bench-block-100"
  echo "manufacturer: EdgeSensors benchmark"
  echo "model: 100 changing registers"
  echo "source: tests/bench/gateway-footprint.sh"
  echo "tags:"
  for ((t = 0; t < TAGS; t++)); do
    printf '  - { name: t%03d, table: holding, address: %d, type: uint16, unit: m, kind: measurement }\n' "$t" "$t"
  done
} >"$work/profiles/bench-block-100/profile.yaml"

MOSQUITTO="$(command -v mosquitto || echo /usr/sbin/mosquitto)"
mqtt_port="$(free_port)"
{ [ "$(id -u)" = "0" ] && echo "user root"; echo "listener $mqtt_port 127.0.0.1"; echo "allow_anonymous true"; echo "persistence false"; } >"$work/mosquitto.conf"
"$MOSQUITTO" -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
broker=$!
mkfifo "$work/server-stdin"
dotnet "$BENCH_DLL" changing-serve --units "$UNITS" --registers "$TAGS" --change-ms 50 --port-file "$work/port" <"$work/server-stdin" >"$work/server.log" 2>&1 &
server=$!
exec 7>"$work/server-stdin" # keeps the server's stdin open until this script ends
gateway=""
cleanup() { kill "$broker" 2>/dev/null || true; [ -n "$gateway" ] && kill "$gateway" 2>/dev/null; exec 7>&-; wait 2>/dev/null || true; }
trap cleanup EXIT
wait_for_port "$mqtt_port"
for _ in $(seq 1 200); do [ -s "$work/port" ] && break; sleep 0.1; done
modbus_port="$(cat "$work/port")"

{
  echo "gateway: { id: bench-footprint, site: benchmark }"
  echo "buses:"
  echo "  - { name: bench, type: tcp, host: 127.0.0.1, port: $modbus_port, timeout_ms: 1000 }"
  echo "devices:"
  for ((u = 1; u <= UNITS; u++)); do
    echo "  - { name: block-$u, bus: bench, profile: bench-block-100, unit_id: $u, poll_interval_s: $POLL_S }"
  done
  echo "upstream: { broker: mqtt://127.0.0.1:$mqtt_port }"
  echo "storage: { data_dir: $work/data, synchronous: $SYNC, backfill_rate: 100000 }"
} >"$work/site.yaml"

machine_line
echo "# $UNITS devices x $TAGS tags every ${POLL_S} s, registers change every 50 ms; warm-up ${WARMUP} s, measured ${MEASURE} s; synchronous=$SYNC"
printf '| tags/s | readings queued/s | readings published/s | RSS max MB | VmHWM MB | CPU (one core = 100 %%) | CPU-µs per tag | synchronous | load average (start / end) |\n|---:|---:|---:|---:|---:|---:|---:|---|---|\n'
dotnet exec "$CLI_DLL" run --config "$work/site.yaml" --data-dir "$work/data" --profiles "$work/profiles" >"$work/gateway.log" 2>&1 &
gateway=$!
sleep "$WARMUP"
kill -0 "$gateway" 2>/dev/null || { cat "$work/gateway.log"; echo "edgesensors run exited" >&2; exit 1; }

json() { python3 -c "import json,sys; d=json.load(open('$work/data/status.json')); print($1)"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$gateway/stat"; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$gateway/status"; }
st0="$(json "d['time_ms']")"; polls0="$(json "d['polls']")"; queued0="$(json "d['readings_queued']")"; published0="$(json "d.get('readings_published', 0)")"
cpu0="$(cpu_ticks)"; t0="$(date +%s.%N)"; load0="$(cut -d' ' -f1 /proc/loadavg)"
max_rss=0
if [ -n "${TRACE:-}" ]; then
  "${DOTNET_TRACE:-dotnet-trace}" collect -p "$gateway" --profile dotnet-sampled-thread-time --duration "00:00:$(printf '%02d' "$MEASURE")" -o "$TRACE" >"$work/trace.log" 2>&1 &
fi
for ((s = 0; s < MEASURE; s++)); do
  sleep 1
  r="$(rss_kib)"; [ "$r" -gt "$max_rss" ] && max_rss="$r"
done
sleep 0.6 # status.json is rewritten every 0.5 s
st1="$(json "d['time_ms']")"; polls1="$(json "d['polls']")"; queued1="$(json "d['readings_queued']")"; published1="$(json "d.get('readings_published', 0)")"
cpu1="$(cpu_ticks)"; t1="$(date +%s.%N)"; load1="$(cut -d' ' -f1 /proc/loadavg)"
hwm="$(awk '/^VmHWM:/ { print $2 }' "/proc/$gateway/status")"
depth="$(json "d['queue']['depth']")"
hz="$(getconf CLK_TCK)"
awk -v s0="$st0" -v s1="$st1" -v p0="$polls0" -v p1="$polls1" -v q0="$queued0" -v q1="$queued1" -v u0="$published0" -v u1="$published1" -v c0="$cpu0" -v c1="$cpu1" \
    -v t0="$t0" -v t1="$t1" -v hz="$hz" -v tags="$TAGS" -v rss="$max_rss" -v hwm="$hwm" -v depth="$depth" -v l0="$load0" -v l1="$load1" -v sync="$SYNC" 'BEGIN {
  # Counters over the clock of the status file (rewritten every 0.5 s); CPU time scaled to that window.
  secs = (s1 - s0) / 1000; wall = t1 - t0; tagsps = (p1 - p0) * tags / secs; cpu_us = (c1 - c0) / hz * 1e6 * secs / wall
  printf "tags/s: %.0f\n", tagsps > "/dev/stderr"
  printf "# queue depth at the end: %d; %.2f CPU-µs per published reading\n", depth, ((u1 > u0) ? cpu_us / (u1 - u0) : 0) > "/dev/stderr"
  printf "| %.0f | %.0f | %.0f | %.1f | %.1f | %.0f %% | %.2f | %s | %s / %s |\n", tagsps, (q1 - q0) / secs, (u1 - u0) / secs, rss / 1024, hwm / 1024, cpu_us / secs / 1e4, cpu_us / ((p1 - p0) * tags), sync, l0, l1
}'
