#!/usr/bin/env bash
# Runs every benchmark. Full runs take several minutes; copy the figures into docs/benchmarks.md.
# --smoke runs each for a second or two and only checks that it produces a figure (for CI): speed targets are not judged.
# usage: tests/bench/run-all.sh [--smoke]
set -uo pipefail
DIR="$(cd "$(dirname "$0")" && pwd)"
source "$DIR/common.sh"
build_dotnet
export BENCH_SKIP_BUILD=1
failed=()
for bench in decode-alloc tcp-throughput fleet rtu-wire store-append store-group-commit backlog-drain alarm-latency gateway-footprint nodered-compare; do
  echo "== $bench $*"
  if ! "$DIR/$bench.sh" "$@"; then
    failed+=("$bench")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "all benchmarks produced figures"
