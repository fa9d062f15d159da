#!/usr/bin/env bash
# The recorder's cost, briefly (the machine is shared: one short run of each).
#  1. JMH: the write path per event (JSON line + buffered UTF-8 write): a ~3 KB WinRM Send, a 1 KiB WebSocket chunk.
#     ops/s = events/s; ":bytes" = bytes written per second.
#  2. The proxy under load: N concurrent WinRM shells through TapdeckProxy (observe, recording on) against the
#     embedded sample server; exchanges/s, recorder MB/s and events/s, dropped events, queue high-water.
# Arguments after the script are passed to the load program (default: --shells 8 --seconds 10).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -pl bench -am package -DskipTests
java -jar bench/target/benchmarks.jar RecorderWriteBenchmark -f 1 -wi 2 -i 3 -r 2s -w 2s
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--shells 8 --seconds 10)
java -cp bench/target/benchmarks.jar dev.tapdeck.bench.RecorderLoad "${args[@]}"
