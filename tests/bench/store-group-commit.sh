#!/usr/bin/env bash
# Benchmark (issue 3): durable enqueue with group commit. Producer threads offer gateway readings at a fixed rate;
# the production GroupCommitter appends everything made since its last commit as one SQLite transaction, starting a
# commit every 25 ms (the gateway uses 20 ms), so that the gap between commits stays under 50 ms even with jitter.
# Target: >= 100,000 readings/s with a commit at least every 50 ms (the max commit interval is printed). Figures in docs/benchmarks.md.
# The directory must be on the disk under test (on tmpfs fsync is free and the figures mean nothing).
# usage: tests/bench/store-group-commit.sh [--smoke] [--dir DIR]
set -euo pipefail
source "$(dirname "$0")/common.sh"
build_dotnet
DIR="$BENCH_OUT/group-commit"
for ((i = 1; i <= $#; i++)); do
  [ "${!i}" = "--dir" ] && { j=$((i + 1)); DIR="${!j}"; }
done
SECONDS_PER_RUN=5
INTERVAL_MS=25
[ "$SMOKE" = "1" ] && SECONDS_PER_RUN=1
mkdir -p "$DIR"
machine_line
echo "# dir $DIR ($(stat -f -c %T "$DIR")), ${SECONDS_PER_RUN} s per run after a 1 s warm-up, commit every ${INTERVAL_MS} ms"
printf '| synchronous | offered readings/s | durable readings/s | commits/s | commit interval ms (median / p99 / max) | commit duration ms (median / p99 / max) | made-to-durable ms (p99 / max) | load average |\n|---|---:|---:|---:|---|---|---|---|\n'
for sync in Full Normal; do
  for rate in 100000 200000; do
    out="$(dotnet "$BENCH_DLL" store-group-commit --sync "$sync" --rate "$rate" --interval-ms "$INTERVAL_MS" --seconds "$SECONDS_PER_RUN" --dir "$DIR/run")"
    durable="$(figure "appends/s" <<<"$out")"
    commits="$(awk '/^commits\/s:/ { print $2 }' <<<"$out")"
    interval="$(awk '/^commit interval ms:/ { print $5 " / " $7 " / " $9 }' <<<"$out")"
    duration="$(awk '/^commit duration ms:/ { print $5 " / " $7 " / " $9 }' <<<"$out")"
    waited="$(awk '/^made-to-durable ms:/ { print $4 " / " $6 }' <<<"$out")"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "${sync^^}" "$rate" "$durable" "$commits" "$interval" "$duration" "$waited" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done
