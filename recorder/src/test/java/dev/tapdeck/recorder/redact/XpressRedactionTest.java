package dev.tapdeck.recorder.redact;

import dev.tapdeck.protocol.corpus.PypsrpRecordings;
import dev.tapdeck.protocol.corpus.RecordedExchange;
import dev.tapdeck.protocol.corpus.Recording;
import dev.tapdeck.protocol.corpus.SecretSearch;
import dev.tapdeck.protocol.corpus.TapDrive;
import dev.tapdeck.protocol.corpus.XpressTwins;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.rules.WsmanRule;
import dev.tapdeck.protocol.session.PsrpMessageDecoded;
import dev.tapdeck.protocol.xpress.CompressedStream;
import dev.tapdeck.protocol.xpress.XpressDecoded;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The xpress-compressed twin ({@link XpressTwins}) of a real pypsrp session with SecureStrings and host responses
 * (test_psrp_pshost_ui_mocked_methods, corpus read in place) through the session redactor: no secret survives,
 * compressed or not, the redacted twin decodes to the very messages of the redacted uncompressed session (same
 * placeholders), and a stream that does not decompress is recorded empty.
 */
class XpressRedactionTest {
    private static final String SESSION = "test_psrp_pshost_ui_mocked_methods.yml";
    private static final List<String> SECRETS = PsrpCorpusRedactionTest.SECRETS;
    private static final Pattern SS = PsrpCorpusRedactionTest.SS;

    @Test
    void noSecretSurvivesInTheRedactedCompressedTwin() {
        Recording twin = twin();
        SessionRedactor redactor = new SessionRedactor(RedactionPolicy.DEFAULT);
        Recording redacted = PsrpCorpusRedactionTest.redact(twin, redactor);
        byte[] twinPlain = PsrpCorpusRedactionTest.concat(decompressed(twin));
        byte[] all = PsrpCorpusRedactionTest.concat(redacted);
        byte[] allPlain = PsrpCorpusRedactionTest.concat(decompressed(redacted));
        for (String secret : SECRETS) {
            assertNotNull(SecretSearch.find(twinPlain, secret), "the twin, decompressed, holds " + secret);
            assertNull(SecretSearch.find(all, secret), "redacted twin leaks " + secret);
            assertNull(SecretSearch.find(allPlain, secret), "redacted twin, decompressed, leaks " + secret);
        }
        assertEquals(0, redactor.counts().getOrDefault("compressed-stream-dropped", 0L), redactor.counts().toString());
        assertTrue(redactor.counts().getOrDefault("secure-string", 0L) >= 3, redactor.counts().toString());
    }

    @Test
    void theRedactedTwinDecodesToTheRedactedSessionsMessagesWithTheSamePlaceholders() {
        Recording original = PypsrpRecordings.named(SESSION);
        Recording redactedPlain = PsrpCorpusRedactionTest.redact(original, new SessionRedactor(RedactionPolicy.DEFAULT));
        Recording redactedTwin = PsrpCorpusRedactionTest.redact(twin(), new SessionRedactor(RedactionPolicy.DEFAULT));
        TapDrive.Driven plain = TapDrive.drive(redactedPlain, Policy.OBSERVE);
        TapDrive.Driven compressed = TapDrive.drive(redactedTwin, Policy.OBSERVE);
        List<String> types = PsrpCorpusRedactionTest.types(plain);
        assertTrue(types.contains("PIPELINE_HOST_RESPONSE"), types.toString());
        assertEquals(types, PsrpCorpusRedactionTest.types(compressed));
        // the whole messages, placeholders included: the same secret got the same placeholder in both
        assertEquals(messages(plain), messages(compressed));
        assertTrue(compressed.violations().stream().noneMatch(v -> v.rule() == WsmanRule.STREAM_COMPRESSION_INVALID),
                compressed.violations().toString());

        List<String> ss = secureStrings(decompressed(redactedTwin));
        assertEquals(secureStrings(redactedPlain), ss);
        assertEquals(3, ss.size(), ss.toString());
        assertTrue(ss.stream().allMatch(c -> c.matches("tapdeck-redacted-\\d+")), ss.toString());
        assertEquals(ss.get(0), ss.get(1), "the same ciphertext, sent and echoed back, has one placeholder");
    }

    @Test
    void aStreamThatDoesNotDecompressIsRecordedEmptyAndCounted() {
        Recording twin = twin();
        List<RecordedExchange> damaged = new ArrayList<>();
        int cut = -1;
        for (RecordedExchange e : twin.exchanges()) {
            byte[] response = e.response();
            if (cut < 0 && response != null && new String(response, StandardCharsets.UTF_8).contains("ReceiveResponse")
                    && XpressTwins.STREAM.matcher(new String(response, StandardCharsets.UTF_8)).find()) {
                // the first chunk no longer holds all it announces
                response = XpressTwins.mapStreams(response, data -> Arrays.copyOf(data, data.length - 1));
                cut = damaged.size();
            }
            damaged.add(new RecordedExchange(e.index(), e.declaredAction(), e.request(), response, e.transportErrorCode()));
        }
        assertTrue(cut >= 0, "a ReceiveResponse with streams");
        SessionRedactor redactor = new SessionRedactor(RedactionPolicy.DEFAULT);
        Recording redacted = PsrpCorpusRedactionTest.redact(new Recording(twin.name(), twin.file(), damaged), redactor);
        String body = new String(redacted.exchanges().get(cut).response(), StandardCharsets.UTF_8);
        Matcher streams = Pattern.compile("<(?:\\w+:)?Stream\\b[^>]*>([^<]*)</(?:\\w+:)?Stream>").matcher(body);
        int empty = 0;
        while (streams.find()) {
            assertEquals("", streams.group(1), "a damaged stream is recorded empty");
            empty++;
        }
        assertTrue(empty > 0, body);
        assertEquals((long) empty, redactor.counts().get("compressed-stream-dropped"), redactor.counts().toString());
    }

    @Test
    void storedChunksAreAtMost65536BytesWithSizesOneLess() {
        byte[] data = new byte[65537];
        Arrays.fill(data, (byte) 0x5a);
        byte[] framed = XpressStreamRedactor.storedChunks(data);
        assertEquals(4 + 65536 + 4 + 1, framed.length);
        assertEquals("ffffffff", HexFormat.of().formatHex(framed, 0, 4));
        assertEquals("000000005a", HexFormat.of().formatHex(framed, 4 + 65536, framed.length));
        assertArrayEquals(HexFormat.of().parseHex("020002000a0b0c"), XpressStreamRedactor.storedChunks(HexFormat.of().parseHex("0a0b0c")));
        assertEquals(0, XpressStreamRedactor.storedChunks(new byte[0]).length);
        XpressDecoded back = CompressedStream.decompress(framed, CompressedStream.DEFAULT_MAX_DECOMPRESSED_BYTES);
        assertArrayEquals(data, assertInstanceOf(XpressDecoded.Decompressed.class, back).data());
    }

    private static Recording twin() {
        Recording twin = XpressTwins.twin(PypsrpRecordings.named(SESSION), true, (plain, framed) -> { });
        assertNotNull(twin, "the session opens a PowerShell shell");
        return twin;
    }

    /** The recording with every stream decompressed (streams that do not decompress kept). */
    private static Recording decompressed(Recording r) {
        List<RecordedExchange> out = new ArrayList<>();
        for (RecordedExchange e : r.exchanges()) {
            byte[] response = e.response() == null ? null : XpressTwins.mapStreams(e.response(), XpressTwins::decompressed);
            out.add(new RecordedExchange(e.index(), e.declaredAction(), XpressTwins.mapStreams(e.request(), XpressTwins::decompressed),
                    response, e.transportErrorCode()));
        }
        return new Recording(r.name(), r.file(), out);
    }

    private static List<PsrpMessageDecoded> messages(TapDrive.Driven d) {
        List<PsrpMessageDecoded> out = new ArrayList<>();
        d.results().forEach(r -> out.addAll(r.psrpMessages()));
        return out;
    }

    private static List<String> secureStrings(Recording r) {
        List<String> out = new ArrayList<>();
        Matcher m = SS.matcher(PsrpCorpusRedactionTest.decodedMessages(r));
        while (m.find()) {
            out.add(new String(java.util.Base64.getDecoder().decode(m.group(1)), StandardCharsets.US_ASCII));
        }
        return out;
    }
}
