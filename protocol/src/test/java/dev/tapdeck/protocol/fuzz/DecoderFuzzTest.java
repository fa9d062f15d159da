package dev.tapdeck.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapdeck.protocol.clixml.ClixmlReader;
import dev.tapdeck.protocol.ntlm.AuthHeaderTokens;
import dev.tapdeck.protocol.ntlm.EncryptedBody;
import dev.tapdeck.protocol.ntlm.NtlmCredentials;
import dev.tapdeck.protocol.ntlm.SealedConnection;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.session.TapResult;
import dev.tapdeck.protocol.session.WsmanSessionState;
import dev.tapdeck.protocol.session.WsmanTap;
import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.ws.Direction;
import dev.tapdeck.protocol.ws.ExtensionsInUse;
import dev.tapdeck.protocol.ws.FrameDecoder;
import dev.tapdeck.protocol.ws.WsLimits;
import dev.tapdeck.protocol.xpress.CompressedStream;
import dev.tapdeck.protocol.xpress.XpressHuffman;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Fuzz targets for the decoders (brief: decoders never throw on hostile input, they report it). Under
 * {@code mvn verify} each target replays its seeds and regression inputs from
 * {@code src/test/resources/dev/tapdeck/protocol/fuzz/DecoderFuzzTestInputs/<target>/}; with
 * {@code JAZZER_FUZZ=1} Jazzer fuzzes it (see the Hardening issue's script). Any exception is a finding.
 */
class DecoderFuzzTest {
    private static final EnvelopeReader READER = new EnvelopeReader();

    @FuzzTest(maxDuration = "30s")
    void envelopeReader(byte[] body) {
        EnvelopeDecoded decoded = READER.read(body);
        assertNotNull(decoded);
    }

    @FuzzTest(maxDuration = "30s")
    void wsmanTapRequestAndResponse(byte[] data) {
        // one input as request and response: exercises the session state on arbitrary envelopes
        WsmanTap tap = new WsmanTap(READER, new WsmanSessionState(16), Policy.ENFORCE);
        int cut = data.length == 0 ? 0 : (data[0] & 0xff) % (data.length + 1);
        TapResult request = tap.inspectRequest("application/soap+xml", java.util.Arrays.copyOfRange(data, 0, cut));
        tap.forwarded(request);
        assertNotNull(tap.inspectResponse(request, 200, "application/soap+xml", java.util.Arrays.copyOfRange(data, cut, data.length)));
    }

    @FuzzTest(maxDuration = "30s")
    void wsFrameDecoderBothDirections(byte[] data) {
        for (Direction d : Direction.values()) {
            try (FrameDecoder decoder = new FrameDecoder(d, ExtensionsInUse.NONE, new WsLimits(64 * 1024, 256 * 1024, 8))) {
                int step = 1 + (data.length == 0 ? 0 : (data[0] & 0x0f));
                for (int off = 0; off < data.length; off += step) {
                    assertNotNull(decoder.feed(data, off, Math.min(step, data.length - off)));
                }
                assertNotNull(decoder.end());
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void authHeaderTokens(byte[] data) {
        // raw bytes as NTLM/SPNEGO token, and the same bytes as header text
        assertNotNull(AuthHeaderTokens.readToken("Negotiate", data));
        assertNotNull(AuthHeaderTokens.read("Negotiate " + new String(data, java.nio.charset.StandardCharsets.ISO_8859_1)));
        assertNotNull(AuthHeaderTokens.read("NTLM " + java.util.Base64.getEncoder().encodeToString(data)));
    }

    @FuzzTest(maxDuration = "30s")
    void encryptedBodySplitAndUnseal(byte[] data) {
        assertNotNull(EncryptedBody.split(null, data));
        // with a security context: the RC4 and signature path on whatever the splitter let through
        SealedConnection conn = new SealedConnection(a -> NtlmCredentials.ofPassword("u", "", new char[] {'p'}));
        conn.authorization("NTLM TlRMTVNTUAADAAAAGAAYAGwAAABUAFQAhAAAAAwADABIAAAACAAIAFQAAAAQABAAXAAAABAAEADYAAAANYKI4gUBKAoAAAAP"
            + "RABvAG0AYQBpAG4AVQBzAGUAcgBDAE8ATQBQAFUAVABFAFIAhsNQl6yc7BAlVHZKV8zMGaqqqqqqqqqqaM0KuFHlHJaqvJJ76+9qHAEBAAAAAAAA"
            + "AAAAAAAAAACqqqqqqqqqqgAAAAACAAwARABvAG0AYQBpAG4AAQAMAFMAZQByAHYAZQByAAAAAAAAAAAAxdrSVE/JeZCUzhzpC8nQPg==");
        assertNotNull(conn.unseal(dev.tapdeck.protocol.ws.Direction.CLIENT_TO_SERVER, null, data));
    }

    @FuzzTest(maxDuration = "30s")
    void clixmlReader(byte[] data) {
        assertNotNull(new ClixmlReader().read(data));
    }

    @FuzzTest(maxDuration = "30s")
    void xpressHuffman(byte[] data) {
        // the first two bytes choose the output size (the chunk header gives it in WinRM)
        int size = data.length < 2 ? 0 : ((data[0] & 0xff) | (data[1] & 0xff) << 8) + 1;
        assertNotNull(XpressHuffman.decompress(data, Math.min(2, data.length), Math.max(0, data.length - 2), size, 65536));
    }

    @FuzzTest(maxDuration = "30s")
    void xpressCompressedStream(byte[] data) {
        assertNotNull(CompressedStream.decompress(data, 1 << 20));
    }
}
