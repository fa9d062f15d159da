#!/usr/bin/env bash
# Fuzzes every decoder target with Jazzer, one target at a time (the machine is shared), and prints each
# target's executions. mvn verify only replays the seeds and regression inputs; this script searches.
#
#   bench/fuzz.sh [duration] [filter]      e.g. bench/fuzz.sh 60s, bench/fuzz.sh 20s psrp
#
# duration: per target, Jazzer's syntax (30s, 2m, 1h; default 30s). filter: only targets whose name contains it.
# MAX_EXECUTIONS=n stops a target after n executions (whichever of the two comes first); ROUNDS=n repeats.
# A hang is an input running past libFuzzer's per-input timeout (Jazzer's default); the fork's heap is HEAP
# (default 1g), so a target that keeps memory fails with an OutOfMemoryError.
# Findings land as crash-* files in <module>/src/test/resources/<package>/<Class>Inputs/<target>/: keep them
# there as regression inputs once fixed. The generated corpus goes to <module>/.cifuzz-corpus/ (ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-30s}"
filter="${2:-}"
rounds="${ROUNDS:-1}"
targets=(
  protocol:DecoderFuzzTest#envelopeReader
  protocol:DecoderFuzzTest#wsmanTapRequestAndResponse
  protocol:DecoderFuzzTest#wsmanTapSequence
  protocol:DecoderFuzzTest#psrpMessageAssembler
  protocol:DecoderFuzzTest#clixmlReader
  protocol:DecoderFuzzTest#wsFrameDecoderBothDirections
  protocol:DecoderFuzzTest#handshakeAndDeflateFrames
  protocol:DecoderFuzzTest#authHeaderTokens
  protocol:DecoderFuzzTest#encryptedBodySplitAndUnseal
  protocol:DecoderFuzzTest#xpressHuffman
  protocol:DecoderFuzzTest#xpressCompressedStream
  recorder:RecordingReaderFuzzTest#recordingFile
)
mvn -q -o -pl protocol,recorder -am test-compile
failed=0
for ((r = 1; r <= rounds; r++)); do
  for t in "${targets[@]}"; do
    [[ -z "$filter" || "$t" == *"$filter"* ]] || continue
    module="${t%%:*}"
    test="${t#*:}"
    log="$(mktemp)"
    start=$(date +%s)
    # the test phase (not surefire:test alone): the recorder then resolves protocol from the reactor, not a stale ~/.m2 jar
    # env: an assignment that comes out of an expansion is a command word to the shell, not an assignment
    if env JAZZER_FUZZ=1 JAZZER_MAX_DURATION="$duration" ${MAX_EXECUTIONS:+JAZZER_MAX_EXECUTIONS="$MAX_EXECUTIONS"} \
        mvn -q -o -pl protocol,recorder test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
        -DargLine="-Xmx${HEAP:-1g}" >"$log" 2>&1; then
      status=ok
    else
      status=FAILED
      failed=1
    fi
    # libFuzzer's summary: "Done 1234567 runs in 61 second(s)"
    done_line="$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)"
    runs="$(echo "$done_line" | awk '{print $2}')"
    secs="$(echo "$done_line" | awk '{print $5}')"
    printf '%-12s round %d %-55s %12s execs %6s s  %s\n' "$module" "$r" "$test" "${runs:-?}" "${secs:-?}" "$status"
    if [[ "$status" != ok ]]; then
      grep -E '==[0-9]+== |Exception|Error|crash-|timeout-|oom-' "$log" | head -20 || true
      echo "   full log: $log"
    else
      rm -f "$log"
    fi
    echo "   wall $(($(date +%s) - start)) s"
  done
done
exit "$failed"
