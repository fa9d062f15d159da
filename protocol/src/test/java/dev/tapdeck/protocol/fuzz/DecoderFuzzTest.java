package dev.tapdeck.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tapdeck.protocol.clixml.ClixmlReader;
import dev.tapdeck.protocol.ntlm.AuthHeaderTokens;
import dev.tapdeck.protocol.ntlm.EncryptedBody;
import dev.tapdeck.protocol.ntlm.NtlmCredentials;
import dev.tapdeck.protocol.ntlm.SealedConnection;
import dev.tapdeck.protocol.psrp.DefragmentLimits;
import dev.tapdeck.protocol.psrp.Defragmenter;
import dev.tapdeck.protocol.psrp.PsrpDirection;
import dev.tapdeck.protocol.psrp.PsrpMessageAssembler;
import dev.tapdeck.protocol.psrp.PsrpMessageAssembler.AssembledMessage;
import dev.tapdeck.protocol.psrp.view.PsrpViews;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.session.TapResult;
import dev.tapdeck.protocol.session.WsmanSessionState;
import dev.tapdeck.protocol.session.WsmanTap;
import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.ws.Direction;
import dev.tapdeck.protocol.ws.ExtensionsInUse;
import dev.tapdeck.protocol.ws.FrameDecoder;
import dev.tapdeck.protocol.ws.HandshakeChecker;
import dev.tapdeck.protocol.ws.HandshakeOutcome;
import dev.tapdeck.protocol.ws.HandshakeRequest;
import dev.tapdeck.protocol.ws.WsEvent;
import dev.tapdeck.protocol.ws.WsLimits;
import dev.tapdeck.protocol.xpress.CompressedStream;
import dev.tapdeck.protocol.xpress.XpressHuffman;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz targets for the decoders (brief: decoders never throw on hostile input, they report it). Under
 * {@code mvn verify} each target replays its seeds and regression inputs from
 * {@code src/test/resources/dev/tapdeck/protocol/fuzz/DecoderFuzzTestInputs/<target>/}; with
 * {@code JAZZER_FUZZ=1} Jazzer fuzzes it ({@code bench/fuzz.sh}). Any exception is a finding. Targets that
 * take several inputs read them with {@link FuzzInput}; {@link FuzzSeeds} writes their seeds.
 */
class DecoderFuzzTest {
    private static final EnvelopeReader READER = new EnvelopeReader();
    private static final String SOAP = "application/soap+xml;charset=UTF-8";
    /** Small limits, so that crossing them is within the fuzzer's reach. */
    private static final DefragmentLimits PSRP_LIMITS = new DefragmentLimits(8, 64 * 1024, 96 * 1024);
    private static final WsLimits WS_LIMITS = new WsLimits(64 * 1024, 256 * 1024, 8);
    private static final int MAX_SHELLS = 4;

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
            try (FrameDecoder decoder = new FrameDecoder(d, ExtensionsInUse.NONE, WS_LIMITS)) {
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

    @FuzzTest(maxDuration = "30s")
    void psrpMessageAssembler(byte[] data) {
        // a direction byte, then pieces: carrier payloads (creationXml, Arguments, streams) of one RunspacePool
        PsrpDirection way = data.length > 0 && (data[0] & 1) == 1 ? PsrpDirection.SERVER_TO_CLIENT : PsrpDirection.CLIENT_TO_SERVER;
        List<byte[]> payloads = FuzzInput.split(data.length == 0 ? data : java.util.Arrays.copyOfRange(data, 1, data.length));
        PsrpMessageAssembler assembler = new PsrpMessageAssembler(way, PSRP_LIMITS);
        Defragmenter defragmenter = new Defragmenter(PSRP_LIMITS);
        PsrpViews views = new PsrpViews();
        for (byte[] payload : payloads) {
            PsrpMessageAssembler.Assembled assembled = assembler.accept(payload);
            for (AssembledMessage m : assembled.messages()) {
                assertTrue(m.message().encodedLength() <= PSRP_LIMITS.maxMessageBytes(), "maxMessageBytes");
                assertNotNull(views.view(m.message()));
            }
            defragmenter.accept(payload);
            assertTrue(defragmenter.openObjectIds() <= PSRP_LIMITS.maxOpenObjectIds(), "maxOpenObjectIds");
            assertTrue(defragmenter.openBytes() <= PSRP_LIMITS.maxOpenBytes(), "maxOpenBytes");
        }
        assertNotNull(assembler.finish());
        defragmenter.finish();
        assertEquals(0, defragmenter.openObjectIds(), "finish releases every open message");
        assertEquals(0, defragmenter.openBytes(), "finish releases every open byte");
    }

    @FuzzTest(maxDuration = "30s")
    void handshakeAndDeflateFrames(byte[] data) {
        // request head, response head, then the server's frames decoded with what the handshake agreed
        FuzzInput.Head requestHead = FuzzInput.head(data);
        FuzzInput.Head responseHead = FuzzInput.head(requestHead.rest());
        HandshakeRequest request = requestHead.request();
        assertNotNull(HandshakeChecker.checkRequest(request));
        HandshakeOutcome outcome = HandshakeChecker.check(request, responseHead.response());
        assertEquals(responseHead.response().status() == 101, outcome.upgraded());
        if (!outcome.upgraded()) {
            assertTrue(outcome.extensions().isEmpty(), "no extensions in use without a 101");
            return;
        }
        byte[] frames = responseHead.rest();
        try (FrameDecoder decoder = new FrameDecoder(Direction.SERVER_TO_CLIENT, outcome.extensionsInUse(), WS_LIMITS)) {
            for (WsEvent e : decoder.feed(frames, 0, frames.length)) {
                if (e instanceof WsEvent.MessageAssembled m) {
                    assertTrue(m.data().length() <= WS_LIMITS.maxInflatedMessageBytes(), "maxInflatedMessageBytes");
                }
            }
            assertNotNull(decoder.end());
        }
    }

    @FuzzTest(maxDuration = "30s")
    void wsmanTapSequence(byte[] data) {
        // pieces alternate request and response bodies of one connection: shells, commands, PSRP across exchanges
        List<byte[]> bodies = FuzzInput.split(data);
        WsmanTap tap = new WsmanTap(READER, new WsmanSessionState(MAX_SHELLS), Policy.OBSERVE);
        for (int i = 0; i < bodies.size(); i += 2) {
            TapResult request = tap.inspectRequest(SOAP, bodies.get(i));
            assertFalse(request.blocked(), "OBSERVE never blocks");
            tap.forwarded(request);
            if (i + 1 < bodies.size()) {
                assertNotNull(tap.inspectResponse(request, 200, SOAP, bodies.get(i + 1)));
            } else {
                assertNotNull(tap.responseMissing(request, "fuzz input ended"));
            }
            assertTrue(tap.state().shellCount() <= MAX_SHELLS, "maxShells");
        }
        assertNotNull(tap.finish("fuzz input ended"));
    }
}
