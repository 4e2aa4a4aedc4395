#!/usr/bin/env bash
# Benchmark 3: BenchmarkDotNet [MemoryDiagnoser] run of the steady-state response decode (RtuFraming.Open +
# ModbusPdu.ParseResponse + RegisterDecoder.Decode over 125 registers of mixed types). Target: 0 B allocated.
# usage: tests/bench/decode-alloc.sh [--smoke]
set -euo pipefail
source "$(dirname "$0")/common.sh"
build_dotnet
ARTIFACTS="$BENCH_OUT/bdn"
rm -rf "$ARTIFACTS"
# In-process (InProcessEmitToolchain): the out-of-process toolchain rebuilds the project and hit BenchmarkDotNet's
# 2-minute build timeout on this busy 2-core machine. Smoke: a few short iterations; full: the default job's counts.
job=(--inProcess)
[ "$SMOKE" = "1" ] && job+=(--warmupCount 2 --iterationCount 3 --iterationTime 100)
machine_line
dotnet "$BENCH_DLL" --filter '*ResponseDecodeBenchmarks*' --memory --exporters csv github --artifacts "$ARTIFACTS" "${job[@]}" >"$BENCH_OUT/bdn.log" 2>&1 \
  || { tail -40 "$BENCH_OUT/bdn.log"; exit 1; }
csv="$(ls "$ARTIFACTS"/results/*ResponseDecodeBenchmarks-report.csv)"
cat "$ARTIFACTS"/results/*ResponseDecodeBenchmarks-report-github.md | grep '^|'
allocated="$(tail -1 "$csv" | awk -F, '{print $NF}')"
mean="$(awk -F, 'NR==1 { for (i = 1; i <= NF; i++) if ($i == "Mean") c = i } NR==2 { print $c }' "$csv")"
echo "mean: $mean"
echo "allocated: $allocated"
[ -n "$mean" ] || { echo "no figure for mean" >&2; exit 1; }
[ "$allocated" = "0 B" ] || { echo "decode allocates $allocated per poll (target 0 B)" >&2; exit 1; }
