#!/usr/bin/env bash
# Benchmark 1: Modbus TCP sequential throughput, libmodbus client vs our ModbusBus + TcpTransport, same libmodbus
# server, same run; unpinned and with client and server both pinned to CPU 0. Target: ours >= 1.2x libmodbus.
# usage: tests/bench/tcp-throughput.sh [--smoke] [--count N]
set -euo pipefail
source "$(dirname "$0")/common.sh"
COUNT=100000
[ "$SMOKE" = "1" ] && COUNT=3000
while [ $# -gt 0 ]; do
  case "$1" in
    --count) COUNT="$2"; shift 2 ;;
    *) shift ;;
  esac
done

build_c libmodbus_server
build_c libmodbus_client_bench
build_dotnet

SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
trap stop_server EXIT

machine_line
printf '%-9s %-9s %14s %14s %7s\n' pinning registers "libmodbus r/s" "ours r/s" ratio
status=0
for pinning in unpinned cpu0; do
  prefix=()
  [ "$pinning" = "cpu0" ] && prefix=(taskset -c 0)
  port="$(free_port)"
  "${prefix[@]}" "$BENCH_OUT/libmodbus_server" "$port" >"$BENCH_OUT/libmodbus_server.log" 2>&1 &
  SERVER_PID=$!
  wait_for_port "$port"
  for registers in 10 125; do
    c_out="$("${prefix[@]}" "$BENCH_OUT/libmodbus_client_bench" 127.0.0.1 "$port" "$COUNT" "$registers")" || { echo "$c_out"; status=1; }
    ours_out="$("${prefix[@]}" dotnet "$BENCH_DLL" tcp-seq --host 127.0.0.1 --port "$port" --count "$COUNT" --registers "$registers" 2>&1)" || { echo "$ours_out"; status=1; }
    c_rate="$(figure "requests/s" <<<"$c_out")" || { status=1; continue; }
    ours_rate="$(figure "requests/s" <<<"$ours_out")" || { echo "$ours_out"; status=1; continue; }
    printf '%-9s %-9s %14s %14s %7s\n' "$pinning" "$registers" "$c_rate" "$ours_rate" "$(ratio "$ours_rate" "$c_rate")"
    echo "  $(sed -n 2p <<<"$c_out")"
    echo "  $(sed -n 2p <<<"$ours_out")"
  done
  stop_server
done
exit $status
