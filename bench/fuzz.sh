#!/usr/bin/env bash
# Fuzz every decoder target with Jazzer, ROUNDS times each (default 1); one round lasts the target's
# @FuzzTest(maxDuration), 30 s.
# mvn verify only replays the seeds; this script searches. Findings land in
# protocol/src/test/resources/dev/tapdeck/protocol/fuzz/DecoderFuzzTestInputs/<target>/ as crash-* files:
# keep them there as regression inputs once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-1}"
targets=(envelopeReader wsmanTapRequestAndResponse wsFrameDecoderBothDirections clixmlReader)
mvn -q -pl protocol -am test-compile
for ((r = 1; r <= rounds; r++)); do
  for t in "${targets[@]}"; do
    echo "== round $r: fuzzing DecoderFuzzTest#$t"
    JAZZER_FUZZ=1 mvn -q -pl protocol surefire:test -Dtest="DecoderFuzzTest#$t" 2>&1 \
      | grep -E "Done [0-9]+ runs|==[0-9]+== ERROR|Exception" || true
  done
done
