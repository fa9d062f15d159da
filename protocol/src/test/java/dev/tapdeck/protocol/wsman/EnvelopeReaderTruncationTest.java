package dev.tapdeck.protocol.wsman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tapdeck.protocol.corpus.WinrmEnvelopes;

/**
 * A body cut short anywhere before the end tag of its root is malformed: every corpus envelope, cut at
 * every 97th byte and inside its final end tag, is rejected as MALFORMED_XML, never parsed and never an
 * exception. Bodies over about 1 KiB (up to the 150 KiB Sends and ReceiveResponses) are cut about 12
 * times each, evenly, to keep the run short; the first cut moves with the body's index, so that across
 * the thousand bodies the cuts fall at every position of the stride.
 */
class EnvelopeReaderTruncationTest {
    private static final int STRIDE = 97;
    private static final int MAX_CUTS_PER_BODY = 12;
    private static final int TAIL = 4;

    private final EnvelopeReader reader = new EnvelopeReader();

    @Test
    void everyTruncatedCorpusBodyIsRejected() {
        List<WinrmEnvelopes.Envelope> envelopes = WinrmEnvelopes.all();
        assertFalse(envelopes.isEmpty());
        int cuts = 0;
        for (int i = 0; i < envelopes.size(); i++) {
            WinrmEnvelopes.Envelope e = envelopes.get(i);
            byte[] body = e.body();
            int end = lastIndexOf(body, (byte) '>'); // keeping fewer than end + 1 bytes loses the root's end tag
            assertTrue(end > 0, e.label());
            int stride = Math.max(STRIDE, end / MAX_CUTS_PER_BODY);
            for (int keep = i % stride; keep <= end; keep += stride) {
                assertTruncatedRejected(e.label(), body, keep);
                cuts++;
            }
            for (int keep = Math.max(0, end + 1 - TAIL); keep <= end; keep++) {
                assertTruncatedRejected(e.label(), body, keep);
                cuts++;
            }
        }
        System.out.printf("truncation: %d bodies, %d truncated reads rejected%n", envelopes.size(), cuts);
    }

    private void assertTruncatedRejected(String label, byte[] body, int keep) {
        EnvelopeDecoded d = reader.read(body, 0, keep);
        EnvelopeDecoded.EnvelopeRejected r = assertInstanceOf(EnvelopeDecoded.EnvelopeRejected.class, d,
                () -> label + " cut to " + keep + " bytes: " + d);
        assertEquals(DecodeProblem.Kind.MALFORMED_XML, r.problem().kind(), () -> label + " cut to " + keep + ": " + r);
        // the parser, not the catch-all for reader bugs, must be what rejected it
        assertFalse(r.problem().detail().startsWith("the XML reader failed"), () -> label + ": " + r);
    }

    private static int lastIndexOf(byte[] body, byte b) {
        for (int i = body.length - 1; i >= 0; i--) {
            if (body[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
