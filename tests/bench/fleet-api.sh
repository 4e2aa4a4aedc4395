#!/usr/bin/env bash
# Fleet server API benchmark (issue 5): p99 under 50 ms at 200 requests/s, on SQLite and on PostgreSQL.
# Starts the real server (Release build, Kestrel) on a fresh database of each provider, seeds it through the API
# (5 sites, 20 tanks, 200 gateways, 400 tags, 200 config revisions), then runs the open-loop load generator
# (tests/bench/EdgeSensors.Fleet.ApiLoad): registry list/search, device get, config revision get, sites, drift.
# PostgreSQL: the role/password of tests/run-all.sh (edgesensors/edgesensors on 127.0.0.1:5432) unless
# FLEET_BENCH_PG_HOST/PORT/USER/PASSWORD say otherwise; the role needs CREATEDB.
# usage: tests/bench/fleet-api.sh [--smoke] [--rate R] [--seconds S] [--providers "sqlite postgresql"]
set -euo pipefail
source "$(dirname "$0")/common.sh"
RATE=200
RUN_SECONDS=60
WARMUP=10
DEVICES=200
PROVIDERS="sqlite postgresql"
if [ "$SMOKE" = "1" ]; then RUN_SECONDS=3; WARMUP=1; DEVICES=10; fi
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) RATE="$2"; shift 2 ;;
    --seconds) RUN_SECONDS="$2"; shift 2 ;;
    --providers) PROVIDERS="$2"; shift 2 ;;
    *) shift ;;
  esac
done
PG_HOST="${FLEET_BENCH_PG_HOST:-127.0.0.1}"; PG_PORT="${FLEET_BENCH_PG_PORT:-5432}"
PG_USER="${FLEET_BENCH_PG_USER:-edgesensors}"; PG_PASSWORD="${FLEET_BENCH_PG_PASSWORD:-edgesensors}"
# Extra Npgsql settings for the server's connection string, e.g. "Max Auto Prepare=50;No Reset On Close=true".
PG_OPTIONS="${FLEET_BENCH_PG_OPTIONS:-}"

SERVER_PROJECT="$REPO_ROOT/fleet-server/EdgeSensors.Fleet/EdgeSensors.Fleet.csproj"
LOAD_PROJECT="$REPO_ROOT/tests/bench/EdgeSensors.Fleet.ApiLoad/EdgeSensors.Fleet.ApiLoad.csproj"
SERVER_DLL="$REPO_ROOT/fleet-server/EdgeSensors.Fleet/bin/Release/net10.0/EdgeSensors.Fleet.dll"
LOAD_DLL="$REPO_ROOT/tests/bench/EdgeSensors.Fleet.ApiLoad/bin/Release/net10.0/EdgeSensors.Fleet.ApiLoad.dll"
if [ "${BENCH_SKIP_BUILD:-0}" != "1" ] || [ ! -f "$SERVER_DLL" ] || [ ! -f "$LOAD_DLL" ]; then
  for project in "$SERVER_PROJECT" "$LOAD_PROJECT"; do
    dotnet build "$project" -c Release -nologo -v quiet >"$BENCH_OUT/fleet-api-build.log" 2>&1 \
      || { cat "$BENCH_OUT/fleet-api-build.log"; echo "build of $project failed" >&2; exit 1; }
  done
fi

SERVER_PID=""
PG_DB=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi
  if [ -n "$PG_DB" ]; then
    PGPASSWORD="$PG_PASSWORD" psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qc "DROP DATABASE IF EXISTS \"$PG_DB\" WITH (FORCE)" >/dev/null 2>&1 || true
    PG_DB=""
  fi
}
trap stop_server EXIT

machine_line
for provider in $PROVIDERS; do
  port="$(free_port)"; broker_port="$(free_port)"
  data_dir="$BENCH_OUT/fleet-api-$provider"; rm -rf "$data_dir"; mkdir -p "$data_dir"
  password="bench-admin-password-$RANDOM$RANDOM"
  env_vars=(Fleet__Auth__BootstrapAdminPassword="$password" Fleet__Broker__Port="$broker_port" Fleet__Broker__BindAddress=127.0.0.1
            Logging__LogLevel__Default=Warning EDGESENSORS_PROFILES="$REPO_ROOT/hardware/profiles" Fleet__Database__DataDirectory="$data_dir")
  if [ "$provider" = "postgresql" ]; then
    PG_DB="es_fleet_bench_$RANDOM$RANDOM"
    PGPASSWORD="$PG_PASSWORD" psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qc "CREATE DATABASE \"$PG_DB\"" \
      || { echo "cannot create database $PG_DB on $PG_HOST:$PG_PORT as $PG_USER (start PostgreSQL as tests/run-all.sh does)" >&2; exit 1; }
    env_vars+=(Fleet__Database__Provider=PostgreSQL "ConnectionStrings__Fleet=Host=$PG_HOST;Port=$PG_PORT;Database=$PG_DB;Username=$PG_USER;Password=$PG_PASSWORD${PG_OPTIONS:+;$PG_OPTIONS}")
    echo "PostgreSQL connection options: ${PG_OPTIONS:-(Npgsql defaults)}"
  fi
  env "${env_vars[@]}" dotnet "$SERVER_DLL" --urls "http://127.0.0.1:$port" >"$BENCH_OUT/fleet-api-server-$provider.log" 2>&1 &
  SERVER_PID=$!
  wait_for_port "$port" || { cat "$BENCH_OUT/fleet-api-server-$provider.log"; exit 1; }
  echo "== $provider (server pid $SERVER_PID, http://127.0.0.1:$port), load before: $(uptime | sed 's/.*load average/load average/')"
  out="$(dotnet "$LOAD_DLL" --url "http://127.0.0.1:$port" --user admin --password "$password" --rate "$RATE" --seconds "$RUN_SECONDS" \
         --warmup "$WARMUP" --devices "$DEVICES" --config "$REPO_ROOT/gateway/examples/tank-farm.yaml" 2>&1)" || { echo "$out"; exit 1; }
  echo "$out"
  echo "load after: $(uptime | sed 's/.*load average/load average/')"
  grep -q '^p99_ms=' <<<"$out" || { echo "no p99 figure" >&2; exit 1; }
  stop_server
done
