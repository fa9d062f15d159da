#!/usr/bin/env bash
# Soak (issue 10 part 6): mixed WinRM and WebSocket load through the proxy for a given time, sampling the heap
# after GC and the open connections every SAMPLE_SECONDS (default 60); fails (exit 1) when one trends up: the
# last third of the samples after warm-up averaging over 20% above the first third (see SoakTrend).
#
#   bench/soak.sh [minutes]      default 30; e.g. SAMPLE_SECONDS=20 bench/soak.sh 3 for a smoke test
#
# The heap is fixed (HEAP, default 512m) so that a leak ends in an OutOfMemoryError rather than a larger heap.
# Other arguments for the program: SOAK_ARGS="--shells 4 --websockets 4".
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-30}"
mvn -q -o -pl bench -am package -DskipTests
# the recorder's notes on rotation (one per deleted recording) would drown the samples
# shellcheck disable=SC2086
java -Xmx"${HEAP:-512m}" -cp bench/target/benchmarks.jar dev.tapdeck.bench.Soak --minutes "$minutes" \
  --sample-seconds "${SAMPLE_SECONDS:-60}" ${SOAK_ARGS:-} \
  2> >(grep --line-buffered -v -E '^tapdeck: (maxTotalBytes|recording of session)' >&2)
