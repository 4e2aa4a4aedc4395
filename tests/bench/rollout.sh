#!/usr/bin/env bash
# Benchmark: config rollout to N simulated devices (issue 5 asks 10,000 acknowledged within 60 s), on the embedded
# broker and on Mosquitto with dynamic security. The fleet server runs in the benchmark process (real Kestrel, real
# database, real broker); every device is its own MQTT 5 connection that opens the sealed envelope with its key and
# reports applied. Prints the time from POST /api/rollouts to every device applied, and to the rollout "completed"
# (the server recorded every ack), with the load average before and after.
# usage: tests/bench/rollout.sh [--smoke] [--devices N] [--broker embedded|mosquitto|both] [--database sqlite|postgres]
#        [--canary P] [--waves 10,100]
set -euo pipefail
source "$(dirname "$0")/common.sh"
# Our own subfolder of the shared bench output (other benchmarks write there too).
BENCH_OUT="$BENCH_OUT/rollout"
mkdir -p "$BENCH_OUT"
DEVICES=10000
BROKER=both
DATABASE=sqlite
CANARY=1
WAVES=100
if [ "$SMOKE" = "1" ]; then DEVICES=200; fi
while [ $# -gt 0 ]; do
  case "$1" in
    --devices) DEVICES="$2"; shift 2 ;;
    --broker) BROKER="$2"; shift 2 ;;
    --database) DATABASE="$2"; shift 2 ;;
    --canary) CANARY="$2"; shift 2 ;;
    --waves) WAVES="$2"; shift 2 ;;
    *) shift ;;
  esac
done

PROJECT="$REPO_ROOT/tests/EdgeSensors.RolloutBenchmark/EdgeSensors.RolloutBenchmark.csproj"
DLL="$REPO_ROOT/tests/EdgeSensors.RolloutBenchmark/bin/Release/net10.0/EdgeSensors.RolloutBenchmark.dll"
if [ "${BENCH_SKIP_BUILD:-0}" != "1" ] || [ ! -f "$DLL" ]; then
  dotnet build "$PROJECT" -c Release -nologo -v quiet >"$BENCH_OUT/rollout-build.log" 2>&1 \
    || { cat "$BENCH_OUT/rollout-build.log"; echo "rollout benchmark build failed" >&2; exit 1; }
fi
# N devices and the broker's side of each: two sockets per device in one machine.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
export EDGESENSORS_PROFILES="${EDGESENSORS_PROFILES:-$REPO_ROOT/hardware/profiles}"
ARGS=(--devices "$DEVICES" --database "$DATABASE" --canary "$CANARY" --waves "$WAVES")

run_embedded() {
  machine_line
  dotnet "$DLL" "${ARGS[@]}" --broker embedded
  echo "# after: load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

run_mosquitto() {
  local dir port password plugin
  dir="$(mktemp -d "$BENCH_OUT/rollout-mosquitto-XXXXXX")"
  port="$(free_port)"
  password="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
  plugin="$(ls /usr/lib/*/mosquitto_dynamic_security.so /usr/lib/mosquitto_dynamic_security.so 2>/dev/null | head -1 || true)"
  [ -n "$plugin" ] || { echo "mosquitto_dynamic_security.so not found: apt-get install mosquitto" >&2; exit 1; }
  mosquitto_ctrl dynsec init "$dir/dynamic-security.json" fleet-server "$password" >/dev/null
  # As root, "user root" keeps mosquitto from dropping to the mosquitto user, who cannot read the private temp directory.
  cat >"$dir/mosquitto.conf" <<CONF
$([ "$(id -u)" = 0 ] && echo "user root")
listener $port 127.0.0.1
allow_anonymous false
plugin $plugin
plugin_opt_config_file $dir/dynamic-security.json
persistence false
# The server's consumer receives every device's report at once (10,000 in a few seconds); the default queue of 1000
# QoS 1 messages per client would drop the rest.
max_queued_messages 0
log_dest file $dir/mosquitto.log
CONF
  machine_line
  echo "# mosquitto $(mosquitto -h 2>/dev/null | head -1 | awk '{print $3}') with dynamic security on port $port"
  # The benchmark writes the devices into dynamic-security.json (the server's DynamicSecurityFile), then starts and
  # stops Mosquitto itself; granting 10,000 through the dynsec API would take hours (Mosquitto rewrites the file per change).
  dotnet "$DLL" "${ARGS[@]}" --broker mosquitto --mosquitto-port "$port" --internal-password "$password" \
    --dynsec-file "$dir/dynamic-security.json" --mosquitto-conf "$dir/mosquitto.conf"
  echo "# after: load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

case "$BROKER" in
  embedded) run_embedded ;;
  mosquitto) run_mosquitto ;;
  *) run_embedded; run_mosquitto ;;
esac
