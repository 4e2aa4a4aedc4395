#!/usr/bin/env bash
# Benchmark 2: 200 simulated Modbus TCP devices (ModbusTcpServer + RegisterBank each, in a separate server process)
# polled concurrently by 200 ModbusBus instances reading and decoding 125 registers. Reports decoded registers/s,
# the poller's CPU time / wall time and its peak working set, paced at 100,000 registers/s and flat out.
# Targets: >= 100,000 decoded registers/s, under 1 of the 2 cores, peak working set < 100 MB.
# usage: tests/bench/fleet.sh [--smoke] [--devices N] [--seconds S]
set -euo pipefail
source "$(dirname "$0")/common.sh"
DEVICES=200
SECONDS_TO_RUN=20
WARMUP=3
if [ "$SMOKE" = "1" ]; then SECONDS_TO_RUN=2; WARMUP=1; fi
while [ $# -gt 0 ]; do
  case "$1" in
    --devices) DEVICES="$2"; shift 2 ;;
    --seconds) SECONDS_TO_RUN="$2"; shift 2 ;;
    *) shift ;;
  esac
done

build_dotnet
PORTS_FILE="$BENCH_OUT/fleet-ports.txt"
rm -f "$PORTS_FILE"
# The server reads stdin until EOF: hold a fifo open and close it to stop the server.
FIFO="$BENCH_OUT/fleet-stdin"
rm -f "$FIFO"; mkfifo "$FIFO"
dotnet "$BENCH_DLL" fleet-serve --devices "$DEVICES" --registers 125 --ports-file "$PORTS_FILE" <"$FIFO" >"$BENCH_OUT/fleet-serve.log" 2>&1 &
SERVER_PID=$!
exec 3>"$FIFO"
cleanup() { exec 3>&-; wait "$SERVER_PID" 2>/dev/null || true; rm -f "$FIFO"; }
trap cleanup EXIT

for _ in $(seq 1 200); do
  [ -f "$PORTS_FILE" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$BENCH_OUT/fleet-serve.log"; exit 1; }
  sleep 0.1
done
[ -f "$PORTS_FILE" ] || { echo "fleet server did not start" >&2; cat "$BENCH_OUT/fleet-serve.log"; exit 1; }

machine_line
# First paced at the target rate (the CPU and memory targets are judged there), then flat out (the ceiling).
for rate in 100000 0; do
  out="$(dotnet "$BENCH_DLL" fleet-poll --ports-file "$PORTS_FILE" --registers 125 --rate "$rate" --seconds "$SECONDS_TO_RUN" --warmup "$WARMUP" 2>&1)" || { echo "$out"; exit 1; }
  echo "$out"
  figure "decoded registers/s" <<<"$out" >/dev/null
done
