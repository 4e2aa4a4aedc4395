#!/usr/bin/env bash
# Benchmark 4: RTU bus efficiency over a simulated line that takes real wire time (11 bits per byte, t3.5 between
# frames). Polls/s of the RTU master vs the wire limit (request + response bytes + 2 x t3.5), at 9600 and 115200 baud.
# The reference master (portable framing, spin-timed) shows the simulator's own ceiling; gateway-direct is our RTU
# master (ModbusBus + RtuStreamFramer) on the line itself; gateway is the same through RtuOverTcpTransport and a
# loopback TCP bridge (two extra hops per poll). Target: >= 95 % of the limit.
# usage: tests/bench/rtu-wire.sh [--smoke] [--seconds S] [--master reference|gateway-direct|gateway]
set -euo pipefail
source "$(dirname "$0")/common.sh"
SECONDS_TO_RUN=10
MASTERS="reference gateway-direct gateway"
[ "$SMOKE" = "1" ] && SECONDS_TO_RUN=1.5
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_TO_RUN="$2"; shift 2 ;;
    --master) MASTERS="$2"; shift 2 ;;
    *) shift ;;
  esac
done
build_dotnet
machine_line
status=0
for master in $MASTERS; do
  for baud in 9600 115200; do
    for registers in 125 10; do
      # 125 registers at 9600 baud take 0.31 s per poll: give the smoke run enough polls to count.
      seconds="$SECONDS_TO_RUN"
      [ "$SMOKE" = "1" ] && [ "$baud" = "9600" ] && [ "$registers" = "125" ] && seconds=2
      out="$(dotnet "$BENCH_DLL" rtu-wire --master "$master" --baud "$baud" --registers "$registers" --seconds "$seconds" 2>&1)" || { echo "$out"; status=1; continue; }
      echo "$out" | sed -n 2p
      figure "polls/s" <<<"$out" >/dev/null || status=1
    done
  done
done
exit $status
