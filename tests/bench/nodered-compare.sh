#!/usr/bin/env bash
# Benchmark (issue 3): EdgeSensors against Node-RED + node-red-contrib-modbus doing the same Modbus-to-MQTT job, one
# after the other in the same run, and a third subject as the floor: the same job written as tightly as we can in C
# (tests/bench/modbus-mqtt-floor.c: one thread, libmodbus + libmosquitto, no storage, contract-shaped batches).
# 10 devices x 100 holding registers polled every 100 ms (by default) from the same changing-serve
# server (all registers change every 50 ms), one JSON batch per poll published QoS 1 to the same Mosquitto. Measured
# for each: readings delivered/s at a subscriber (mosquitto_sub, "seq" members counted) and CPU-µs per delivered
# reading (utime + stime of the process from /proc/PID/stat). Target: EdgeSensors >= 10x better on both.
# Node-RED is installed with npm into artifacts/node-red (never committed) when missing. node-red-contrib-modbus 5.23.3,
# not the newest 5.60.2: 5.45.2 and later depend on a tarball on dl.cloudsmith.io (@openp4nr/modbus-serial), which
# cannot be fetched here; 5.23.3 uses modbus-serial from the npm registry. node-red 4.1.15, not 5.0.7: Node-RED 5 needs
# Node.js 22.9 or later and this machine has Node.js 20.
# usage: [UNITS=10] [POLL_MS=100] [BUSES=one|per-device] [ONLY=edgesensors|nodered|c-floor] [PERF=FILE] tests/bench/nodered-compare.sh [--smoke]
#   UNITS devices polled every POLL_MS ms (20-1000): raise them to find where either side stops keeping up (saturation).
#   BUSES=one (default): all units behind one Modbus TCP connection, like a serial gateway: EdgeSensors keeps one request
#   in flight on it (one owner per bus), Node-RED's one modbus-client sends units in parallel (parallelUnitIdsAllowed).
#   BUSES=per-device: each unit on its own connection, like a site of TCP instruments: a bus each for EdgeSensors, a
#   modbus-client each for Node-RED.
#   ONLY runs one subject (when iterating on one); by default all three run, one after the other.
#   C_FLOOR_MODBUS=sequential (default: modbus_read_registers, one request in flight) or pipelined (every unit's
#   request of a cycle sent before the answers are read) chooses how the C floor drives libmodbus. C_FLOOR_BATCH=N
#   (100-500, default 100: one batch per poll, as the Node-RED flow) lets it pack several polls of a cycle into one batch.
#   PERF=FILE also records a CPU profile of EdgeSensors with perf during the measurement (perf script output in FILE;
#   JIT-compiled frames are named through DOTNET_PerfMapEnabled).
#   After the table, one line per subject splits its CPU into user and system time (fields 14 and 15 of /proc/PID/stat).
set -euo pipefail
source "$(dirname "$0")/common.sh"
C_FLOOR_MODBUS="${C_FLOOR_MODBUS:-sequential}"
case "$C_FLOOR_MODBUS" in sequential|pipelined) ;; *) echo "C_FLOOR_MODBUS must be sequential or pipelined, not '$C_FLOOR_MODBUS'" >&2; exit 2;; esac
C_FLOOR_BATCH="${C_FLOOR_BATCH:-100}"
case "${ONLY:-}" in ""|edgesensors|nodered|c-floor) ;; *) echo "ONLY must be edgesensors, nodered or c-floor, not '$ONLY'" >&2; exit 2;; esac
runs() { [ -z "${ONLY:-}" ] || [ "$ONLY" = "$1" ]; }
build_dotnet # the changing-serve simulator
CLI_DLL="$REPO_ROOT/gateway/EdgeSensors.Cli/bin/Release/net10.0/edgesensors.dll"
if runs edgesensors && { [ "${BENCH_SKIP_BUILD:-0}" != "1" ] || [ ! -f "$CLI_DLL" ]; }; then
  dotnet build "$REPO_ROOT/gateway/EdgeSensors.Cli/EdgeSensors.Cli.csproj" -c Release -nologo -v quiet >"$BENCH_OUT/cli-build.log" 2>&1 || { cat "$BENCH_OUT/cli-build.log"; exit 1; }
fi
NODERED_DIR="$REPO_ROOT/artifacts/node-red"
if runs nodered && { [ ! -f "$NODERED_DIR/node_modules/node-red/red.js" ] || [ ! -d "$NODERED_DIR/node_modules/node-red-contrib-modbus" ] \
   || ! grep -q '"version": "4.1.15"' "$NODERED_DIR/node_modules/node-red/package.json"; }; then
  mkdir -p "$NODERED_DIR"
  (cd "$NODERED_DIR" && npm install --no-audit --no-fund node-red@4.1.15 node-red-contrib-modbus@5.23.3 >"$BENCH_OUT/npm-install.log" 2>&1) \
    || { tail -20 "$BENCH_OUT/npm-install.log"; echo "npm install of node-red failed" >&2; exit 1; }
fi
WARMUP=15; MEASURE=30
[ "$SMOKE" = "1" ] && { WARMUP=8; MEASURE=4; }
UNITS="${UNITS:-10}"; TAGS=100; POLL_MS="${POLL_MS:-100}"; BUSES="${BUSES:-one}"
case "$BUSES" in one|per-device) ;; *) echo "BUSES must be one or per-device, not '$BUSES'" >&2; exit 2;; esac
POLL_S="$(awk -v ms="$POLL_MS" 'BEGIN { printf "%g", ms / 1000 }')"
CHANGE_MS=$(( POLL_MS / 2 > 0 ? POLL_MS / 2 : 1 )) # every poll sees every register changed, so both publish all
work="$BENCH_OUT/nodered-compare"
rm -rf "$work"; mkdir -p "$work/profiles/bench-block-100" "$work/data" "$work/nodered"
cp -r "$REPO_ROOT/hardware/profiles/." "$work/profiles/"
{
  echo "id: bench-block-100"; echo "manufacturer: EdgeSensors benchmark"; echo "model: 100 changing registers"
  echo "source: tests/bench/nodered-compare.sh"; echo "tags:"
  for ((t = 0; t < TAGS; t++)); do printf '  - { name: t%03d, table: holding, address: %d, type: uint16, unit: m, kind: measurement }\n' "$t" "$t"; done
} >"$work/profiles/bench-block-100/profile.yaml"
if runs c-floor; then
  gcc -O2 -Wall -Wextra -Werror -o "$work/modbus-mqtt-floor" "$BENCH_DIR/modbus-mqtt-floor.c" $(pkg-config --cflags --libs libmodbus libmosquitto) \
    || { echo "cannot build modbus-mqtt-floor.c (apt-get install libmodbus-dev libmosquitto-dev)" >&2; exit 1; }
fi

MOSQUITTO="$(command -v mosquitto || echo /usr/sbin/mosquitto)"
mqtt_port="$(free_port)"
{ [ "$(id -u)" = "0" ] && echo "user root"; echo "listener $mqtt_port 127.0.0.1"; echo "allow_anonymous true"; echo "persistence false"; } >"$work/mosquitto.conf"
"$MOSQUITTO" -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
broker=$!
mkfifo "$work/server-stdin"
dotnet "$BENCH_DLL" changing-serve --units "$UNITS" --registers "$TAGS" --change-ms "$CHANGE_MS" --port-file "$work/port" <"$work/server-stdin" >"$work/server.log" 2>&1 &
exec 7>"$work/server-stdin"
subject=""
cleanup() { kill "$broker" 2>/dev/null || true; [ -n "$subject" ] && kill "$subject" 2>/dev/null; exec 7>&-; wait 2>/dev/null || true; }
trap cleanup EXIT
wait_for_port "$mqtt_port"
for _ in $(seq 1 200); do [ -s "$work/port" ] && break; sleep 0.1; done
modbus_port="$(cat "$work/port")"

# measure NAME PID TOPIC: readings delivered/s at a subscriber and CPU-µs per reading over MEASURE seconds.
measure() {
  local name="$1" pid="$2" topic="$3" c0 c1 t0 t1 count load0 user0 system0
  sleep "$WARMUP"
  kill -0 "$pid" 2>/dev/null || { echo "$name exited during the warm-up" >&2; exit 1; }
  load0="$(cut -d' ' -f1 /proc/loadavg)"
  read -r user0 system0 < <(awk '{ print $14, $15 }' "/proc/$pid/stat")
  c0="$(awk '{ print $14 + $15 }' "/proc/$pid/stat")"; t0="$(date +%s.%N)"
  if [ -n "${PERF:-}" ] && [ "$name" = "$EDGESENSORS_NAME" ]; then
    perf record -e cpu-clock -F 999 -g -p "$pid" -o "$work/perf.data" -- sleep "$MEASURE" >"$work/perf.log" 2>&1 &
    perf_pid=$!
  fi
  count="$(timeout "$MEASURE" mosquitto_sub -h 127.0.0.1 -p "$mqtt_port" -q 1 -t "$topic" | grep -o '"seq"' | wc -l || true)"
  c1="$(awk '{ print $14 + $15 }' "/proc/$pid/stat")"; t1="$(date +%s.%N)"
  awk -v n="$name" -v c="$count" -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$(getconf CLK_TCK)" -v l0="$load0" -v l1="$(cut -d' ' -f1 /proc/loadavg)" \
    -v rss="$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")" 'BEGIN {
      s = t1 - t0; cpu = (c1 - c0) / hz * 1e6
      printf "| %s | %.0f | %.1f | %.0f %% | %.0f | %s / %s |\n", n, c / s, (c > 0) ? cpu / c : 0, cpu / s / 1e4, rss / 1024, l0, l1 }'
  awk -v n="$name" -v c="$count" -v u0="$user0" -v s0="$system0" -v hz="$(getconf CLK_TCK)" '{
      u = ($14 - u0) / hz * 1e6; k = ($15 - s0) / hz * 1e6
      printf "# %s: CPU-µs per reading user %.2f + system %.2f (system %.0f %% of its CPU)\n", n, (c > 0) ? u / c : 0, (c > 0) ? k / c : 0, (u + k > 0) ? 100 * k / (u + k) : 0 }' \
    "/proc/$pid/stat" >>"$work/cpu-split"
  if [ -n "${PERF:-}" ] && [ "$name" = "$EDGESENSORS_NAME" ]; then
    wait "$perf_pid" || true
    perf script -i "$work/perf.data" >"$PERF" 2>/dev/null || echo "perf script failed (see $work/perf.log)" >&2
  fi
}
EDGESENSORS_NAME="EdgeSensors (edgesensors run)"
C_FLOOR_NAME="C floor (libmodbus + libmosquitto, no storage)"
[ "$C_FLOOR_MODBUS" = "pipelined" ] && C_FLOOR_NAME="C floor (libmodbus pipelined + libmosquitto, no storage)"
[ "$C_FLOOR_BATCH" != "100" ] && C_FLOOR_NAME="${C_FLOOR_NAME%)}, up to $C_FLOOR_BATCH readings per message)"

machine_line
echo "# $UNITS devices x $TAGS registers every $POLL_MS ms, buses: $BUSES (offered $((UNITS * TAGS * 1000 / POLL_MS)) readings/s), registers change every $CHANGE_MS ms; warm-up ${WARMUP} s, measured ${MEASURE} s each; node $(node --version), node-red 4.1.15, node-red-contrib-modbus 5.23.3"
printf '| gateway | readings delivered/s | CPU-µs per reading | CPU (one core = 100 %%) | RSS MB | load average (start / end) |\n|---|---:|---:|---:|---:|---|\n'

# EdgeSensors: edgesensors run with the same job (report by exception publishes every changed register).
{
  echo "gateway: { id: bench-compare, site: benchmark }"
  echo "buses:"
  if [ "$BUSES" = "one" ]; then
    echo "  - { name: bench, type: tcp, host: 127.0.0.1, port: $modbus_port, timeout_ms: 1000 }"
  else
    for ((u = 1; u <= UNITS; u++)); do echo "  - { name: bench-$u, type: tcp, host: 127.0.0.1, port: $modbus_port, timeout_ms: 1000 }"; done
  fi
  echo "devices:"
  for ((u = 1; u <= UNITS; u++)); do
    bus="bench"; [ "$BUSES" = "per-device" ] && bus="bench-$u"
    echo "  - { name: block-$u, bus: $bus, profile: bench-block-100, unit_id: $u, poll_interval_s: $POLL_S }"
  done
  echo "upstream: { broker: mqtt://127.0.0.1:$mqtt_port }"
  echo "storage: { data_dir: $work/data, synchronous: normal, backfill_rate: 100000 }"
} >"$work/site.yaml"
if runs edgesensors; then
DOTNET_PerfMapEnabled="$([ -n "${PERF:-}" ] && echo 1 || echo 0)" DOTNET_EnableWriteXorExecute="$([ -n "${PERF:-}" ] && echo 0 || echo 1)" dotnet exec "$CLI_DLL" run --config "$work/site.yaml" --data-dir "$work/data" --profiles "$work/profiles" >"$work/edgesensors.log" 2>&1 &
subject=$!
measure "$EDGESENSORS_NAME" "$subject" "edgesensors/+/telemetry"
kill "$subject"; wait "$subject" 2>/dev/null || true; subject=""
fi

if runs nodered; then

# Node-RED: one modbus-read node per device (FC 3, 100 registers, every POLL_MS ms) -> a function node making one JSON
# batch of readings (tag, value, unit, quality, time_ms, seq) -> mqtt out, QoS 1.
python3 - "$work/nodered/flows.json" "$modbus_port" "$mqtt_port" "$UNITS" "$TAGS" "$POLL_MS" "$BUSES" <<'PY'
import json, sys
path, modbus_port, mqtt_port, units, tags, poll_ms = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
per_device = sys.argv[7] == "per-device"
batch = """const now = Date.now();
let seq = context.get('seq') || 0;
const readings = msg.payload.map((v, i) => ({ tag: msg.topic + '/t' + String(i).padStart(3, '0'), value: v, unit: 'm', quality: 'good', time_ms: now, seq: ++seq }));
context.set('seq', seq);
return { topic: 'nodered/bench-compare/telemetry', payload: JSON.stringify({ v: 1, source: 'bench-compare', readings }) };"""
def client(cid):
    return {"id": cid, "type": "modbus-client", "name": "bench-" + cid, "clienttype": "tcp", "bufferCommands": True, "stateLogEnabled": False,
         "queueLogEnabled": False, "failureLogEnabled": False, "tcpHost": "127.0.0.1", "tcpPort": modbus_port, "tcpType": "DEFAULT",
         "serialPort": "", "serialType": "RTU-BUFFERD", "serialBaudrate": "9600", "serialDatabits": "8", "serialStopbits": "1",
         "serialParity": "none", "serialConnectionDelay": "100", "serialAsciiResponseStartDelimiter": "0x3A", "unit_id": "1",
         "commandDelay": "1", "clientTimeout": "1000", "reconnectOnTimeout": True, "reconnectTimeout": "2000", "parallelUnitIdsAllowed": True}
flow = [{"id": "tab", "type": "tab", "label": "bench"},
        {"id": "mb", "type": "mqtt-broker", "name": "bench", "broker": "127.0.0.1", "port": mqtt_port, "clientid": "", "autoConnect": True,
         "usetls": False, "protocolVersion": "4", "keepalive": "60", "cleansession": True},
        {"id": "fn", "type": "function", "z": "tab", "name": "batch", "func": batch, "outputs": 1, "x": 400, "y": 100, "wires": [["mo"]]},
        {"id": "mo", "type": "mqtt out", "z": "tab", "name": "", "topic": "", "qos": "1", "retain": "false", "broker": "mb", "x": 600, "y": 100, "wires": []}]
flow += [client("mc%d" % u) for u in range(1, units + 1)] if per_device else [client("mc")]
for u in range(1, units + 1):
    flow.append({"id": "r%d" % u, "type": "modbus-read", "z": "tab", "name": "block-%d" % u, "topic": "block-%d" % u,
                 "showStatusActivities": False, "logIOActivities": False, "showErrors": False, "showWarnings": False, "unitid": str(u),
                 "dataType": "HoldingRegister", "adr": "0", "quantity": str(tags), "rate": poll_ms, "rateUnit": "ms", "delayOnStart": False,
                 "startDelayTime": "", "server": "mc%d" % u if per_device else "mc", "useIOFile": False, "ioFile": "", "useIOForPayload": False, "emptyMsgOnFail": False,
                 "x": 150, "y": 40 * u, "wires": [["fn"], []]})
json.dump(flow, open(path, "w"), indent=1)
PY
nodered_port="$(free_port)"
node "$NODERED_DIR/node_modules/node-red/red.js" --userDir "$work/nodered" --port "$nodered_port" "$work/nodered/flows.json" >"$work/nodered.log" 2>&1 &
subject=$!
measure "Node-RED 4.1.15 + node-red-contrib-modbus 5.23.3" "$subject" "nodered/+/telemetry"
kill "$subject"; wait "$subject" 2>/dev/null || true; subject=""
fi

# C floor: tests/bench/modbus-mqtt-floor.c, one thread polling and publishing (libmosquitto driven in that thread).
if runs c-floor; then
"$work/modbus-mqtt-floor" 127.0.0.1 "$modbus_port" "$UNITS" "$TAGS" "$POLL_MS" "$BUSES" 127.0.0.1 "$mqtt_port" \
  cfloor/bench-compare/telemetry bench-compare "$C_FLOOR_MODBUS" "$C_FLOOR_BATCH" >"$work/c-floor.log" 2>&1 &
subject=$!
measure "$C_FLOOR_NAME" "$subject" "cfloor/+/telemetry"
kill "$subject"; wait "$subject" 2>/dev/null || echo "# c-floor exited with an error (see below)"; subject=""
fi

cat "$work/cpu-split"
if [ -f "$work/nodered.log" ]; then grep -iE 'error|warn' "$work/nodered.log" | head -5 | sed 's/^/# node-red: /' || true; fi
if [ -f "$work/c-floor.log" ]; then sed 's/^/# c-floor: /' "$work/c-floor.log"; fi
