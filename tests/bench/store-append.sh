#!/usr/bin/env bash
# Benchmark 5: durable queue appends/s (SQLite WAL, synchronous FULL vs NORMAL) by batch size, next to a raw file
# appended and fsynced once per batch (the floor for any purpose-built log with the same durability). Figures in
# docs/storage.md. The directory must be on the disk under test: on tmpfs fsync is free and the figures mean nothing.
# usage: tests/bench/store-append.sh [--smoke] [--dir DIR]
set -euo pipefail
source "$(dirname "$0")/common.sh"
build_dotnet
DIR="$BENCH_OUT/store"
for ((i = 1; i <= $#; i++)); do
  [ "${!i}" = "--dir" ] && { j=$((i + 1)); DIR="${!j}"; }
done
SECONDS_PER_RUN=5
[ "$SMOKE" = "1" ] && SECONDS_PER_RUN=0.5
mkdir -p "$DIR"
fs="$(stat -f -c %T "$DIR")"
[ "$fs" = "tmpfs" ] && echo "warning: $DIR is on tmpfs, fsync costs nothing there; pass --dir on a real disk" >&2
machine_line
echo "# dir $DIR ($fs), ${SECONDS_PER_RUN} s per run, 200 B payloads"
printf '| store | batch (entries/commit) | appends/s | commits/s |\n|---|---:|---:|---:|\n'
for store in "sqlite Full" "sqlite Normal" "raw-fsync -"; do
  set -- $store
  for batch in 1 10 100; do
    out="$(dotnet "$BENCH_DLL" store-append --store "$1" --sync "${2/-/Full}" --batch "$batch" --seconds "$SECONDS_PER_RUN" --dir "$DIR/run")"
    appends="$(figure "appends/s" <<<"$out")"
    commits="$(awk '/^commits\/s:/ { print $2 }' <<<"$out")"
    label="$([ "$1" = "raw-fsync" ] && echo "raw file + fsync" || echo "SQLite WAL synchronous=${2^^}")"
    printf '| %s | %s | %s | %s |\n' "$label" "$batch" "$appends" "$commits"
    grep '^reopen' <<<"$out" | sed 's/^/  /' >&2 || true
  done
done
