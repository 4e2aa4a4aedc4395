#!/usr/bin/env bash
# The whole EdgeSensors test suite, the one command CI runs (.ci/run calls only this).
# On a fresh Debian 12 machine as root it installs the interop peers with apt, builds the solution with
# warnings as errors (including the nanoFramework compile check and the benchmarks), checks formatting,
# compiles the C interop clients, runs every test project, and ends with one line "N passed, N failed".
# See docs/testing.md for what each suite proves and how to run one alone.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

# Everything this script installs is a peer the interop suite needs, so a missing peer is a failure here.
export CI="${CI:-true}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DEBIAN_FRONTEND=noninteractive
export NUGET_XMLDOC_MODE=skip

artifacts="$repo_root/artifacts/run-all"
results="$artifacts/test-results"
started_at=$SECONDS

banner() {
  printf '\n==== [%4ds] %s ====\n' "$((SECONDS - started_at))" "$*"
}

fail() {
  printf 'run-all: %s\n' "$*" >&2
  printf '0 passed, 1 failed\n'
  exit 1
}

# --------------------------------------------------------------------------------------------------
banner "1/7 system packages (socat, pymodbus, libmodbus, mbpoll, mosquitto, libmosquitto, gcc, pkg-config)"
# python3-serial-asyncio and libc6-dev are only Recommends of python3-pymodbus and gcc, yet both are needed
# (pymodbus.server imports serial_asyncio; gcc needs the C headers), so they are named in case recommends are off.
apt_packages=(socat python3-pymodbus python3-serial-asyncio libmodbus-dev mbpoll mosquitto mosquitto-clients libmosquitto-dev gcc libc6-dev pkg-config openssl)

peers_present() {
  command -v socat >/dev/null && command -v mbpoll >/dev/null \
    && { command -v mosquitto >/dev/null || [[ -x /usr/sbin/mosquitto ]]; } \
    && command -v mosquitto_pub >/dev/null && command -v mosquitto_passwd >/dev/null && command -v openssl >/dev/null && command -v gcc >/dev/null && command -v pkg-config >/dev/null \
    && pkg-config --exists libmodbus && pkg-config --exists libmosquitto && [[ -f /usr/include/stdio.h ]] \
    && /usr/bin/python3 -c 'import pymodbus.server.async_io' 2>/dev/null
}

if peers_present; then
  echo "all present; skipping apt-get"
else
  if [[ $(id -u) -eq 0 ]]; then
    as_root=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    fail "missing interop peers and not root (run as root, or: apt-get install ${apt_packages[*]})"
  fi
  "${as_root[@]}" apt-get update -qq || fail "apt-get update failed"
  "${as_root[@]}" apt-get install -y -qq \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${apt_packages[@]}" >/dev/null \
    || fail "apt-get install failed"
  peers_present || fail "apt-get finished but a peer is still missing"
fi
# mosquitto's Debian package may start a broker; the tests start their own on free ports, so leave it be.

# PostgreSQL for the fleet server suites (tests/EdgeSensors.Fleet.Tests run every suite on SQLite and on PostgreSQL;
# under CI=true a missing server fails them). Skipped when EDGESENSORS_TEST_PG is already set.
banner "1b/7 PostgreSQL (apt postgresql, a running cluster, role and database edgesensors)"
if [[ -n ${EDGESENSORS_TEST_PG:-} ]]; then
  echo "EDGESENSORS_TEST_PG is set; using that server"
else
  if [[ $(id -u) -eq 0 ]]; then
    pg_root=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    pg_root=(sudo -n)
  else
    fail "PostgreSQL setup needs root (or set EDGESENSORS_TEST_PG to a server where the role may create databases)"
  fi
  if ! command -v pg_lsclusters >/dev/null || ! compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; then
    "${pg_root[@]}" apt-get update -qq || fail "apt-get update failed"
    "${pg_root[@]}" apt-get install -y -qq -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
      postgresql >/dev/null || fail "apt-get install postgresql failed"
  fi
  pg_version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$pg_version main"; then
    "${pg_root[@]}" pg_createcluster "$pg_version" main >/dev/null || fail "pg_createcluster $pg_version main failed"
  fi
  if ! pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" {print $4}' | grep -qx online; then
    "${pg_root[@]}" pg_ctlcluster "$pg_version" main start || fail "pg_ctlcluster $pg_version main start failed (see /var/log/postgresql)"
  fi
  pg_port=$(pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" {print $3}')
  as_postgres() { "${pg_root[@]}" runuser -u postgres -- psql -p "$pg_port" -v ON_ERROR_STOP=1 -tAq "$@"; }
  if [[ $(as_postgres -c "SELECT 1 FROM pg_roles WHERE rolname = 'edgesensors'") != 1 ]]; then
    as_postgres -c "CREATE ROLE edgesensors LOGIN CREATEDB PASSWORD 'edgesensors'" || fail "could not create role edgesensors"
  fi
  if [[ $(as_postgres -c "SELECT 1 FROM pg_database WHERE datname = 'edgesensors'") != 1 ]]; then
    as_postgres -c "CREATE DATABASE edgesensors OWNER edgesensors" || fail "could not create database edgesensors"
  fi
  export EDGESENSORS_TEST_PG="Host=127.0.0.1;Port=${pg_port};Username=edgesensors;Password=edgesensors;Database=edgesensors"
  echo "PostgreSQL $pg_version on port $pg_port; EDGESENSORS_TEST_PG set"
fi

# The dashboard's browser test (tests/EdgeSensors.Dashboard.Tests) drives Debian's Chromium with playwright-core from
# npm (pinned in its package-lock.json); it runs with the other test projects in step 5 and fails under CI=true when
# either is missing. No browser is downloaded: `npx playwright install` is never run.
banner "1c/7 dashboard browser test (apt chromium, node 20+, npm ci playwright-core)"
if [[ ! -x /usr/bin/chromium ]]; then
  if [[ $(id -u) -eq 0 ]]; then
    browser_root=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    browser_root=(sudo -n)
  else
    fail "chromium is missing and not root (run as root, or: apt-get install chromium)"
  fi
  "${browser_root[@]}" apt-get update -qq || fail "apt-get update failed"
  "${browser_root[@]}" apt-get install -y -qq -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    chromium >/dev/null || fail "apt-get install chromium failed"
fi
[[ -x /usr/bin/chromium ]] || fail "apt-get finished but /usr/bin/chromium is missing"
command -v node >/dev/null || fail "node is not on PATH (Node.js 20 or later is needed by playwright-core)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
(( node_major >= 20 )) || fail "node $(node --version) is too old; playwright-core needs Node.js 20 or later"
(cd tests/EdgeSensors.Dashboard.Tests/Browser && npm ci --no-audit --no-fund --loglevel=error) \
  || fail "npm ci in tests/EdgeSensors.Dashboard.Tests/Browser failed (is the npm registry reachable?)"
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -1); node $(node --version); playwright-core $(node -p 'require("./tests/EdgeSensors.Dashboard.Tests/Browser/node_modules/playwright-core/package.json").version')"

command -v dotnet >/dev/null || fail "dotnet is not on PATH (the SDK pinned in global.json is needed)"
dotnet --version

# --------------------------------------------------------------------------------------------------
banner "2/7 build EdgeSensors.sln (Release, warnings are errors; includes the nanoFramework check and benchmarks)"
dotnet build EdgeSensors.sln -c Release -p:TreatWarningsAsErrors=true -nologo -clp:Summary \
  || fail "build failed"

benchmarks_dll="tests/EdgeSensors.Benchmarks/bin/Release/net10.0/EdgeSensors.Benchmarks.dll"
[[ -f $benchmarks_dll ]] || fail "benchmarks were not built ($benchmarks_dll missing)"
echo "benchmarks built: $benchmarks_dll"

# --------------------------------------------------------------------------------------------------
banner "3/7 dotnet format --verify-no-changes"
dotnet format EdgeSensors.sln --verify-no-changes --no-restore \
  || fail "dotnet format found changes; run 'dotnet format EdgeSensors.sln' and commit"

# --------------------------------------------------------------------------------------------------
banner "4/7 compile the C interop and benchmark clients against libmodbus and libmosquitto"
c_out="$artifacts/c"
mkdir -p "$c_out"
# libmosquitto for tests/bench/modbus-mqtt-floor.c (the others do not use it)
read -r -a c_lib_flags <<<"$(pkg-config --cflags --libs libmodbus libmosquitto)"
for source in tests/interop/*.c tests/bench/*.c; do
  [[ -f $source ]] || continue
  binary="$c_out/$(basename "${source%.c}")"
  gcc -O2 -Wall -Wextra -Werror -o "$binary" "$source" "${c_lib_flags[@]}" || fail "gcc failed on $source"
  echo "built $binary"
done
# The interop fixture uses this binary instead of compiling its own copy.
export EDGESENSORS_MODBUS_CLIENT="$c_out/modbus_client"

# --------------------------------------------------------------------------------------------------
banner "5/7 dotnet test (all test projects)"
rm -rf "$results"
mkdir -p "$results"
test_log="$artifacts/dotnet-test.log"
set +e
timeout 45m dotnet test EdgeSensors.sln -c Release --no-build \
  --logger "console;verbosity=normal" --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 5m 2>&1 | tee "$test_log"
test_exit=${PIPESTATUS[0]}
set -e

# --------------------------------------------------------------------------------------------------
banner "6/7 results"
# Count from dotnet test's per-project summaries ("Total tests: / Passed: / Failed: / Skipped:", or the one-line
# "Passed!  - Failed: 0, Passed: 12, ..."); the TRX files are the fallback, since two projects finishing in the
# same second can share a TRX file name.
read -r passed failed skipped < <(
  /usr/bin/python3 - "$results" "$test_log" <<'PY'
import glob, re, sys
import xml.etree.ElementTree as ET
results, log = sys.argv[1], sys.argv[2]
counts = {"Passed": 0, "Failed": 0, "Skipped": 0}
found = False
block = re.compile(r"^\s+(Passed|Failed|Skipped):\s+(\d+)\s*$")
one_line = re.compile(r"(?:Passed|Failed)!\s+-\s+Failed:\s+(\d+),\s+Passed:\s+(\d+),\s+Skipped:\s+(\d+)")
for line in open(log, encoding="utf-8", errors="replace"):
    m = block.match(line)
    if m:
        counts[m.group(1)] += int(m.group(2)); found = True
        continue
    m = one_line.search(line)
    if m:
        counts["Failed"] += int(m.group(1)); counts["Passed"] += int(m.group(2)); counts["Skipped"] += int(m.group(3)); found = True
if not found:
    for path in glob.glob(f"{results}/**/*.trx", recursive=True):
        c = ET.parse(path).getroot().find("{*}ResultSummary/{*}Counters")
        if c is None:
            counts["Failed"] += 1
            continue
        counts["Passed"] += int(c.get("passed", 0))
        counts["Failed"] += sum(int(c.get(k, 0)) for k in ("failed", "error", "timeout", "aborted"))
        counts["Skipped"] += int(c.get("notExecuted", 0)) + int(c.get("inconclusive", 0))
print(counts["Passed"], counts["Failed"], counts["Skipped"])
PY
)
echo "test projects reported: ${passed} passed, ${failed} failed, ${skipped} skipped (dotnet test exit ${test_exit})"
echo "TRX files: $results"

status=0
if [[ $test_exit -ne 0 && $failed -eq 0 ]]; then
  echo "dotnet test exited ${test_exit} without a failed test (crash, hang or build problem): counted as one failure" >&2
  failed=$((failed + 1))
fi
if [[ $((passed + failed)) -eq 0 ]]; then
  echo "no test ran" >&2
  failed=1
fi
[[ $failed -eq 0 ]] || status=1

# --------------------------------------------------------------------------------------------------
banner "7/7 done in $((SECONDS - started_at)) s"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit $status
