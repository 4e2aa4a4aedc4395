# Shared by the benchmark scripts: build once, find free ports, run the benchmark exe, check a figure came out.
# Sourced, not run. Sets BENCH_OUT, BENCH_DLL, SMOKE.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_DIR="$REPO_ROOT/tests/bench"
BENCH_OUT="${BENCH_OUT:-${TMPDIR:-/tmp}/edgesensors-bench}"
BENCH_PROJECT="$REPO_ROOT/tests/EdgeSensors.Benchmarks/EdgeSensors.Benchmarks.csproj"
# The normal Release output: BenchmarkDotNet finds the csproj by walking up from the exe to build its own runner.
BENCH_DLL="$REPO_ROOT/tests/EdgeSensors.Benchmarks/bin/Release/net10.0/EdgeSensors.Benchmarks.dll"
PYTHON=/usr/bin/python3
SMOKE=0
for arg in "$@"; do
  [ "$arg" = "--smoke" ] && SMOKE=1
done
mkdir -p "$BENCH_OUT"

# Builds the benchmark exe in Release (BenchmarkDotNet refuses Debug builds) unless BENCH_SKIP_BUILD=1.
build_dotnet() {
  if [ "${BENCH_SKIP_BUILD:-0}" = "1" ] && [ -f "$BENCH_DLL" ]; then
    return
  fi
  dotnet build "$BENCH_PROJECT" -c Release -nologo -v quiet >"$BENCH_OUT/dotnet-build.log" 2>&1 \
    || { cat "$BENCH_OUT/dotnet-build.log"; echo "benchmark build failed" >&2; exit 1; }
}

build_c() {
  local name="$1"
  gcc -O2 -Wall -Wextra -Werror -o "$BENCH_OUT/$name" "$BENCH_DIR/$name.c" $(pkg-config --cflags --libs libmodbus) \
    || { echo "cannot build $name.c (apt-get install libmodbus-dev)" >&2; exit 1; }
}

free_port() {
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_for_port() {
  local port="$1"
  for _ in $(seq 1 100); do
    if "$PYTHON" -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $port)))" 2>/dev/null; then
      return 0
    fi
    sleep 0.05
  done
  echo "nothing listens on port $port" >&2
  return 1
}

# figure "<label>" <<< output: prints the number after "<label>:" on the first matching line, fails if missing or 0.
figure() {
  local label="$1" value
  value="$(awk -v label="$label:" 'index($0, label) == 1 { print $(split(label, parts, " ") + 1); exit }')"
  if [ -z "$value" ] || ! awk -v v="$value" 'BEGIN { exit !(v + 0 > 0) }'; then
    echo "no figure for '$label'" >&2
    return 1
  fi
  echo "$value"
}

# median of the numbers given as arguments
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# field "<label>" <<< line: the number after "<label>: " anywhere in the line
field() {
  grep -o "$1: [0-9.]*" | head -1 | awk '{ print $NF }'
}

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

machine_line() {
  echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average $(cut -d' ' -f1-3 /proc/loadavg), dotnet $(dotnet --version)"
}
