package dev.tapdeck.protocol.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.corpus.PypsrpRecordings;
import dev.tapdeck.protocol.corpus.RecordedExchange;
import dev.tapdeck.protocol.corpus.Recording;
import dev.tapdeck.protocol.corpus.TapDrive;
import dev.tapdeck.protocol.corpus.XpressTwins;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.rules.WsmanRule;
import dev.tapdeck.protocol.xpress.CompressedStream;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Acceptance of issue 9 part 5: a PSRP session whose Create asks for xpress decodes with the same messages as its
 * uncompressed twin: each real pypsrp PSRP session of the corpus is given a compressed twin ({@link XpressTwins}).
 */
class XpressTwinSessionTest {
    private static final Pattern STREAM = XpressTwins.STREAM;

    @Test
    void everyPsrpSessionAndItsCompressedTwinGiveTheSameMessages() {
        int sessions = 0;
        int messages = 0;
        Counts counts = new Counts();
        for (Recording original : PypsrpRecordings.all()) {
            Recording twin = twin(original, true, counts);
            if (twin == null) {
                continue; // no PowerShell shell in it
            }
            TapDrive.Driven plain = TapDrive.drive(original, Policy.ENFORCE);
            TapDrive.Driven compressed = TapDrive.drive(twin, Policy.ENFORCE);
            List<PsrpMessageDecoded> expected = messages(plain);
            assertEquals(expected, messages(compressed), original.name());
            assertEquals(plain.violations(), compressed.violations(), original.name());
            assertEquals(plain.audits(), compressed.audits(), original.name());
            sessions++;
            messages += expected.size();
        }
        assertEquals(49, sessions, "the corpus README: 49 PSRP recordings");
        assertTrue(counts.compressed > 100 && counts.stored > 100, "both kinds of chunks: " + counts);
        System.out.println("XpressTwinSessionTest: " + sessions + " sessions, " + messages + " PSRP messages the same; "
                + counts);
    }

    @Test
    void withoutTheCompressionTypeTheTwinDoesNotDecode() {
        Recording original = PypsrpRecordings.named("test_psrp_multiple_invocations.yml");
        TapDrive.Driven plain = TapDrive.drive(original, Policy.OBSERVE);
        TapDrive.Driven unannounced = TapDrive.drive(twin(original, false, new Counts()), Policy.OBSERVE);
        assertNotEquals(messages(plain), messages(unannounced));
    }

    @Test
    void aDamagedCompressedStreamIsAViolationNamingTheChunk() {
        Recording original = PypsrpRecordings.named("test_psrp_multiple_invocations.yml");
        Recording twin = twin(original, true, new Counts());
        List<RecordedExchange> damaged = new ArrayList<>();
        boolean done = false;
        for (RecordedExchange e : twin.exchanges()) {
            byte[] response = e.response();
            if (!done && response != null && new String(response, StandardCharsets.UTF_8).contains("ReceiveResponse")
                    && STREAM.matcher(new String(response, StandardCharsets.UTF_8)).find()) {
                response = cutStreams(response);
                done = true;
            }
            damaged.add(new RecordedExchange(e.index(), e.declaredAction(), e.request(), response, e.transportErrorCode()));
        }
        TapDrive.Driven d = TapDrive.drive(new Recording(twin.name(), twin.file(), damaged), Policy.OBSERVE);
        List<Violation> invalid = d.violations().stream().filter(v -> v.rule() == WsmanRule.STREAM_COMPRESSION_INVALID).toList();
        assertEquals(2, invalid.size(), "the response holds two streams: " + d.violations());
        for (Violation v : invalid) {
            assertTrue(v.detail().contains("chunk 0 at offset 0 announces"), v.detail());
            assertTrue(v.subject().startsWith("RECEIVE_RESPONSE stream stdout"), v.subject());
        }
    }

    private static List<PsrpMessageDecoded> messages(TapDrive.Driven d) {
        List<PsrpMessageDecoded> out = new ArrayList<>();
        d.results().forEach(r -> out.addAll(r.psrpMessages()));
        return out;
    }

    private static Recording twin(Recording r, boolean announce, Counts counts) {
        return XpressTwins.twin(r, announce, counts::add);
    }

    /** Every stream loses its last byte: the first chunk no longer has all it announces. */
    private static byte[] cutStreams(byte[] body) {
        return XpressTwins.mapStreams(body, data -> java.util.Arrays.copyOf(data, data.length - 1));
    }

    /** Chunks the twins hold, by kind, and the bytes before and after. */
    private static final class Counts {
        int stored;
        int compressed;
        long plainBytes;
        long framedBytes;

        void add(int plain, byte[] framed) {
            plainBytes += plain;
            framedBytes += framed.length;
            for (int pos = 0; pos < framed.length; ) {
                int original = ((framed[pos] & 0xff) | (framed[pos + 1] & 0xff) << 8) + 1;
                int size = ((framed[pos + 2] & 0xff) | (framed[pos + 3] & 0xff) << 8) + 1;
                if (original == size) {
                    stored++;
                } else {
                    compressed++;
                }
                pos += CompressedStream.HEADER_BYTES + size;
            }
        }

        @Override
        public String toString() {
            return compressed + " compressed and " + stored + " stored chunks, " + plainBytes + " stream bytes framed into "
                    + framedBytes;
        }
    }
}
