package dev.tapdeck.protocol.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.corpus.PypsrpRecordings;
import dev.tapdeck.protocol.corpus.RecordedExchange;
import dev.tapdeck.protocol.corpus.Recording;
import dev.tapdeck.protocol.corpus.TapDrive;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.rules.WsmanRule;
import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.wsman.WsmanAction;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;
import dev.tapdeck.protocol.xpress.CompressedStream;
import dev.tapdeck.protocol.xpress.XpressTestCompressor;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Acceptance of issue 9 part 5: a PSRP session whose Create asks for xpress decodes with the same messages as its
 * uncompressed twin. No real compressed traffic exists (protocol-notes F), so each real pypsrp PSRP session of the
 * corpus is given a compressed twin here: {@code rsp:CompressionType} xpress in the PowerShell Creates, and every
 * Send and ReceiveResponse stream of those shells compressed by the test compressor and framed as [MS-WSMV] says.
 */
class XpressTwinSessionTest {
    private static final Pattern STREAM = Pattern.compile("(<(?:\\w+:)?Stream\\b[^>]*>)([^<]+)(</(?:\\w+:)?Stream>)");
    private static final Pattern HEADER_END = Pattern.compile("</(\\w+):Header>");
    private static final String SHELL_NS = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell";
    private static final EnvelopeReader READER = new EnvelopeReader();

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

    /** The compressed twin of a recording; null when it opens no PowerShell shell. */
    private static Recording twin(Recording r, boolean announce, Counts counts) {
        Set<String> shells = new HashSet<>();
        List<RecordedExchange> out = new ArrayList<>();
        for (RecordedExchange e : r.exchanges()) {
            WsmanEnvelope request = parse(e.request());
            byte[] req = e.request();
            byte[] resp = e.response();
            if (request.body() instanceof WsmanBody.Shell shell && ShellKind.of(request.header().resourceUri()) == ShellKind.POWERSHELL) {
                req = announce ? announce(req) : req;
                WsmanEnvelope created = resp == null ? null : parse(resp);
                shells.add(key(created != null && created.body() instanceof WsmanBody.CreateResponse c && c.shellId() != null
                        ? c.shellId() : shell.shellId()));
            } else if (request.header().shellId().map(id -> shells.contains(key(id))).orElse(false)) {
                if (request.action() == WsmanAction.Send) {
                    req = compressStreams(req, counts);
                } else if (request.action() == WsmanAction.Receive && resp != null) {
                    resp = compressStreams(resp, counts);
                }
            }
            out.add(new RecordedExchange(e.index(), e.declaredAction(), req, resp, e.transportErrorCode()));
        }
        return shells.isEmpty() ? null : new Recording(r.name(), r.file(), out);
    }

    private static byte[] announce(byte[] create) {
        String xml = new String(create, StandardCharsets.UTF_8);
        Matcher m = HEADER_END.matcher(xml);
        assertTrue(m.find());
        String s = m.group(1);
        String header = "<rsp:CompressionType xmlns:rsp=\"" + SHELL_NS + "\" " + s + ":mustUnderstand=\"true\">xpress</rsp:CompressionType>";
        return (xml.substring(0, m.start()) + header + xml.substring(m.start())).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] compressStreams(byte[] body, Counts counts) {
        Matcher m = STREAM.matcher(new String(body, StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            byte[] data = Base64.getMimeDecoder().decode(m.group(2).trim());
            byte[] framed = XpressTestCompressor.frame(data);
            counts.add(data.length, framed);
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + Base64.getEncoder().encodeToString(framed) + m.group(3)));
        }
        m.appendTail(sb);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Every stream loses its last byte: the first chunk no longer has all it announces. */
    private static byte[] cutStreams(byte[] body) {
        Matcher m = STREAM.matcher(new String(body, StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            byte[] data = Base64.getMimeDecoder().decode(m.group(2).trim());
            byte[] cut = java.util.Arrays.copyOf(data, data.length - 1);
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + Base64.getEncoder().encodeToString(cut) + m.group(3)));
        }
        m.appendTail(sb);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static WsmanEnvelope parse(byte[] body) {
        return ((EnvelopeDecoded.EnvelopeParsed) READER.read(body)).envelope();
    }

    private static String key(String shellId) {
        return ShellState.key(shellId);
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
