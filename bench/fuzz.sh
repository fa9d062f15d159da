#!/usr/bin/env bash
# Fuzz every decoder target with Jazzer for a while each (default 60 s; FUZZ_SECONDS to change).
# mvn verify only replays the seeds; this script searches. Findings land in
# protocol/src/test/resources/dev/tapdeck/protocol/fuzz/DecoderFuzzTestInputs/<target>/ as crash-* files:
# keep them there as regression inputs once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
targets=(envelopeReader wsmanTapRequestAndResponse wsFrameDecoderBothDirections clixmlReader)
mvn -q -pl protocol -am test-compile
for t in "${targets[@]}"; do
  echo "== fuzzing DecoderFuzzTest#$t for ${seconds}s"
  JAZZER_FUZZ=1 mvn -q -pl protocol surefire:test -Dtest="DecoderFuzzTest#$t" \
    -Djazzer.max_duration="${seconds}s" 2>&1 | grep -E "Done [0-9]+ runs|DONE|==[0-9]+== ERROR|Exception" || true
done
