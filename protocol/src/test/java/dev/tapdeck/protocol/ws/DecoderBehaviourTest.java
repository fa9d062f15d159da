package dev.tapdeck.protocol.ws;

import dev.tapdeck.protocol.ws.DecoderHarness.Decoded;
import dev.tapdeck.protocol.ws.WsEvent.LimitExceeded;
import dev.tapdeck.protocol.ws.WsEvent.MessageAssembled;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

import static dev.tapdeck.protocol.ws.FrameBuilder.binary;
import static dev.tapdeck.protocol.ws.FrameBuilder.concat;
import static dev.tapdeck.protocol.ws.FrameBuilder.hex;
import static dev.tapdeck.protocol.ws.FrameBuilder.text;
import static dev.tapdeck.protocol.ws.FrameBuilder.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Limits, the enforcement gate, stopping after a failure and the end of the stream. */
class DecoderBehaviourTest {
    private static final Direction C2S = Direction.CLIENT_TO_SERVER;

    @Test
    void messageLargerThanTheLimitIsCutButStillChecked() {
        WsLimits limits = new WsLimits(10, 1 << 20, 4);
        byte[] body = concat(utf8("0123456789abcdef"), hex("ed a0 80"));
        WireScript script = new WireScript(C2S, 3).add(text("short")).add(text(body).fin(false))
                .add(FrameBuilder.continuation(new byte[0]));
        Decoded d = new DecoderHarness(C2S, ExtensionsInUse.NONE, limits).decode(script);
        List<LimitExceeded> limitEvents = d.only(LimitExceeded.class);
        assertEquals(1, limitEvents.size());
        assertEquals(WsEvent.Limit.MAX_MESSAGE_BYTES, limitEvents.get(0).limit());
        // text past the limit is still validated: the surrogate's second byte fails it
        assertEquals(List.of(WsRule.INVALID_UTF8_TEXT), d.rules());
        assertEquals(List.of("short"), d.texts());
    }

    @Test
    void binaryPastTheLimitKeepsOnlyItsStart() {
        byte[] body = new byte[5000];
        Arrays.fill(body, (byte) 7);
        WireScript script = new WireScript(C2S, 4).add(binary(body));
        Decoded d = new DecoderHarness(C2S, ExtensionsInUse.NONE, new WsLimits(1000, 1 << 20, 4)).decode(script);
        MessageAssembled m = d.only(MessageAssembled.class).get(0);
        assertEquals(5000, m.size());
        assertFalse(m.complete());
        assertArrayEquals(Arrays.copyOf(body, 1000), m.data().bytes());
    }

    @Test
    void decompressionBombStopsAtTheInflatedLimit() {
        PerMessageDeflate params = PerMessageDeflate.DEFAULT;
        WireScript script = new WireScript(C2S, 5, params).compressed(Opcode.BINARY, new byte[4 << 20], 0);
        assertTrue(script.bytes().length < 8192, "4 MiB of zeros compress to a few KiB");
        Decoded d = new DecoderHarness(C2S, ExtensionsInUse.deflate(params), new WsLimits(1024, 65536, 4)).decode(script);
        LimitExceeded bomb = d.only(LimitExceeded.class).get(1);
        assertEquals(WsEvent.Limit.MAX_INFLATED_MESSAGE_BYTES, bomb.limit());
        assertEquals(65536, bomb.limitValue());
        assertTrue(d.stopped());
        assertTrue(d.only(MessageAssembled.class).isEmpty());
    }

    @Test
    void gateStopsBeforeAnIncompleteOrViolatingHeader() {
        byte[] good = new WireScript(C2S, 6).text("hello").bytes();
        byte[] bad = new WireScript(C2S, 7).add(text("x").rsv(2)).bytes();
        byte[] wire = concat(good, bad, good);
        try (FrameDecoder decoder = new FrameDecoder(C2S, ExtensionsInUse.NONE, WsLimits.DEFAULT)) {
            decoder.feed(wire, 0, good.length + 1);
            assertEquals(good.length, decoder.gateOffset(), "one byte of the next header is held back");
            decoder.feed(wire, good.length + 1, wire.length - good.length - 1);
            assertEquals(good.length, decoder.gateOffset(), "nothing of the violating frame may go out");
            assertTrue(decoder.stopped());
            assertEquals(wire.length - good.length - 6, decoder.ignoredBytes(), "payload of the bad frame and the rest");
            WsEvent.StreamEnded end = (WsEvent.StreamEnded) decoder.end().get(0);
            assertFalse(end.midFrame());
        }
    }

    @Test
    void gateHoldsBackTheByteThatMadeAPayloadFailureCertain() {
        byte[] wire = new WireScript(C2S, 9).text("ok").add(text(hex("41 42 ed a0 80 43"))).bytes();
        try (FrameDecoder decoder = new FrameDecoder(C2S, ExtensionsInUse.NONE, WsLimits.DEFAULT)) {
            decoder.feed(wire, 0, wire.length);
            long secondPayload = 8 + 6;
            assertEquals(secondPayload + 3, decoder.gateOffset(), "A B ED may go out, A0 may not");
            assertEquals(2, decoder.ignoredBytes(), "80 43 are left uninterpreted");
        }
    }

    @Test
    void streamEndingInsideAFrameIsReported() {
        byte[] wire = new WireScript(C2S, 8).add(text("a").fin(false)).add(FrameBuilder.continuation(utf8("cut"))).bytes();
        byte[] cut = Arrays.copyOf(wire, wire.length - 2);
        Decoded d = new DecoderHarness(C2S).decodeAtEverySplit(cut);
        assertEquals(new WsEvent.StreamEnded(1, cut.length, true, true), d.only(WsEvent.StreamEnded.class).get(0));
        assertEquals(List.of(), d.rules());
    }

    @Test
    void contextTakeoverAcrossABfinalRestartUsesThePreviousOutputAsDictionary() {
        // message 1 ends its DEFLATE stream with BFINAL (RFC 7692 7.2.3.4); message 2 refers back to it
        Deflater second = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        second.setDictionary(utf8("Hello"));
        byte[] secondPayload = FrameBuilder.deflate(second, utf8("Hello Hello"));
        byte[] wire = concat(hex("c1 08 f3 48 cd c9 c9 07 00 00"),
                FrameBuilder.binary(secondPayload).rsv(4).unmasked().build());
        DecoderHarness s2c = new DecoderHarness(Direction.SERVER_TO_CLIENT,
                ExtensionsInUse.deflate(PerMessageDeflate.DEFAULT), WsLimits.DEFAULT);
        Decoded d = s2c.decodeAtEverySplit(wire);
        assertEquals(List.of(), d.rules());
        assertEquals(List.of("Hello", "Hello Hello"), d.texts());
    }

    @Test
    void streamProducedByA512ByteWindowInflates() {
        // zlib with server_max_window_bits=9 (wbits -9), two messages sharing the window; java.util.zip
        // cannot produce it, so the bytes were made once with Python's zlib (notes PMD-8)
        byte[] wire = hex("c1 10 f2 48 cd c9 c9 57 f0 40 22 cb f3 8b 72 52 00 00  c1 07 42 62 ea 40 c4 01 00");
        DecoderHarness s2c = new DecoderHarness(Direction.SERVER_TO_CLIENT,
                ExtensionsInUse.deflate(new PerMessageDeflate(false, false, 9, 15)), WsLimits.DEFAULT);
        Decoded d = s2c.decodeAtEverySplit(wire);
        assertEquals(List.of(), d.rules());
        assertEquals(List.of("Hello Hello Hello world", "Hello world, Hello"), d.texts());
    }
}
