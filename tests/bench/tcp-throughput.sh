#!/usr/bin/env bash
# Benchmark 1: Modbus TCP sequential throughput, libmodbus client vs our ModbusBus + TcpTransport, same libmodbus
# server, same run; unpinned and with client and server both pinned to CPU 0. Target: ours >= 1.2x libmodbus.
# Ours is measured twice: ReadRegistersAsync into a reused buffer (the poll path, the one the target is judged on)
# and ReadAsync returning a ModbusResult (allocates the result per request), and the poll path once more with the
# transport's spin for fast peers turned off (--spin off), to show what the spin is worth. Full runs take ROUNDS rounds of all
# three clients, interleaved so load from other processes hits them alike, and report the medians.
# usage: tests/bench/tcp-throughput.sh [--smoke] [--count N] [--rounds R]
set -euo pipefail
source "$(dirname "$0")/common.sh"
COUNT=100000
ROUNDS=3
if [ "$SMOKE" = "1" ]; then COUNT=3000; ROUNDS=1; fi
while [ $# -gt 0 ]; do
  case "$1" in
    --count) COUNT="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
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
echo "# $COUNT requests per client per round, $ROUNDS round(s), medians; cpu = client process CPU time per request"
printf '%-9s %-4s %11s %11s %6s %13s %6s %11s %6s %17s %16s\n' pinning regs "libmodbus" "ours" ratio "ours Result" ratio "ours nospin" ratio "cpu us lm/ours" "alloc B ours/Res"
status=0
for pinning in unpinned cpu0; do
  prefix=()
  [ "$pinning" = "cpu0" ] && prefix=(taskset -c 0)
  port="$(free_port)"
  "${prefix[@]}" "$BENCH_OUT/libmodbus_server" "$port" >"$BENCH_OUT/libmodbus_server.log" 2>&1 &
  SERVER_PID=$!
  wait_for_port "$port"
  for registers in 10 125; do
    c_rates=(); into_rates=(); result_rates=(); nospin_rates=(); c_cpu=(); into_cpu=(); into_alloc=(); result_alloc=()
    for _ in $(seq 1 "$ROUNDS"); do
      c_out="$("${prefix[@]}" "$BENCH_OUT/libmodbus_client_bench" 127.0.0.1 "$port" "$COUNT" "$registers")" || { echo "$c_out"; status=1; }
      into_out="$("${prefix[@]}" dotnet "$BENCH_DLL" tcp-seq --host 127.0.0.1 --port "$port" --count "$COUNT" --registers "$registers" --api into 2>&1)" || { echo "$into_out"; status=1; }
      result_out="$("${prefix[@]}" dotnet "$BENCH_DLL" tcp-seq --host 127.0.0.1 --port "$port" --count "$COUNT" --registers "$registers" --api result 2>&1)" || { echo "$result_out"; status=1; }
      nospin_out="$("${prefix[@]}" dotnet "$BENCH_DLL" tcp-seq --host 127.0.0.1 --port "$port" --count "$COUNT" --registers "$registers" --api into --spin off 2>&1)" || { echo "$nospin_out"; status=1; }
      nospin_rates+=("$(figure "requests/s" <<<"$nospin_out")") || status=1
      c_rates+=("$(figure "requests/s" <<<"$c_out")") || status=1
      into_rates+=("$(figure "requests/s" <<<"$into_out")") || status=1
      result_rates+=("$(figure "requests/s" <<<"$result_out")") || status=1
      c_cpu+=("$(field "cpu/request" <<<"$c_out")")
      into_cpu+=("$(field "cpu/request" <<<"$into_out")")
      into_alloc+=("$(field "allocated/request" <<<"$into_out")")
      result_alloc+=("$(field "allocated/request" <<<"$result_out")")
      echo "  round: libmodbus ${c_rates[-1]} r/s, ours ${into_rates[-1]} r/s, ours ModbusResult ${result_rates[-1]} r/s, ours without spin ${nospin_rates[-1]} r/s" >&2
    done
    c_rate="$(median "${c_rates[@]}")"; into_rate="$(median "${into_rates[@]}")"; result_rate="$(median "${result_rates[@]}")"; nospin_rate="$(median "${nospin_rates[@]}")"
    printf '%-9s %-4s %11.0f %11.0f %6s %13.0f %6s %11.0f %6s %17s %16s\n' "$pinning" "$registers" "$c_rate" "$into_rate" "$(ratio "$into_rate" "$c_rate")" \
      "$result_rate" "$(ratio "$result_rate" "$c_rate")" "$nospin_rate" "$(ratio "$nospin_rate" "$c_rate")" "$(median "${c_cpu[@]}")/$(median "${into_cpu[@]}")" "$(median "${into_alloc[@]}")/$(median "${result_alloc[@]}")"
  done
  stop_server
done
exit $status
