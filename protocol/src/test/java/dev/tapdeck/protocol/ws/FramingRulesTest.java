package dev.tapdeck.protocol.ws;

import dev.tapdeck.protocol.ws.DecoderHarness.Decoded;
import dev.tapdeck.protocol.ws.FrameBuilder.LengthForm;
import dev.tapdeck.protocol.ws.WsEvent.FrameHeaderParsed;
import dev.tapdeck.protocol.ws.WsEvent.ViolationFound;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static dev.tapdeck.protocol.ws.FrameBuilder.binary;
import static dev.tapdeck.protocol.ws.FrameBuilder.close;
import static dev.tapdeck.protocol.ws.FrameBuilder.continuation;
import static dev.tapdeck.protocol.ws.FrameBuilder.ping;
import static dev.tapdeck.protocol.ws.FrameBuilder.text;
import static dev.tapdeck.protocol.ws.FrameBuilder.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Own vectors for the header rules Autobahn does not cover (notes §3.1 "gaps"): FR-8, FR-9, FR-1/FR-2,
 * PMD-2. Every test runs in both directions (the server-to-client run is the mirror, notes §3.3.4).
 */
class FramingRulesTest {
    private static final ExtensionsInUse DEFLATE = ExtensionsInUse.deflate(PerMessageDeflate.DEFAULT);

    private static Decoded decode(Direction d, ExtensionsInUse ext, FrameBuilder... frames) {
        WireScript script = new WireScript(d, 7692);
        for (FrameBuilder f : frames) {
            script.add(f);
        }
        return new DecoderHarness(d, ext, WsLimits.DEFAULT).decode(script);
    }

    /** The only violation is {@code rule}, on the last frame, found at its header, and decoding stopped there. */
    private static void assertHeaderViolation(Decoded d, WsRule rule) {
        assertEquals(List.of(rule), d.rules());
        ViolationFound v = d.violations().get(0);
        FrameHeaderParsed last = d.only(FrameHeaderParsed.class).get(d.only(FrameHeaderParsed.class).size() - 1);
        assertEquals(last.frameOffset(), v.frameOffset());
        assertEquals(last.frameOffset() + last.header().headerLength() - 1, v.byteOffset(), "decided at the header's last byte");
        assertTrue(d.stopped());
        assertEquals(last.frameOffset() + last.header().headerLength(), d.only(WsEvent.StreamEnded.class).get(0).byteOffset(),
                "no payload byte of the bad frame is interpreted");
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void lengthOf124InTheSixteenBitFormIsNotMinimal(Direction d) {
        // RFC 6455 5.2's own example: 124 must not be encoded as 126, 0, 124
        assertHeaderViolation(decode(d, ExtensionsInUse.NONE, text("ok"), binary(new byte[124]).length(LengthForm.SIXTEEN_BIT)),
                WsRule.NON_MINIMAL_LENGTH);
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void lengthBelow65536InTheSixtyFourBitFormIsNotMinimal(Direction d) {
        assertHeaderViolation(decode(d, ExtensionsInUse.NONE, binary(new byte[200]).length(LengthForm.SIXTY_FOUR_BIT)),
                WsRule.NON_MINIMAL_LENGTH);
        assertHeaderViolation(decode(d, ExtensionsInUse.NONE, ping(new byte[3]).length(LengthForm.SIXTY_FOUR_BIT)),
                WsRule.NON_MINIMAL_LENGTH);
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void minimalLengthsAtEveryBoundaryAreClean(Direction d) {
        for (int length : new int[]{0, 125, 126, 65535, 65536}) {
            Decoded decoded = decode(d, ExtensionsInUse.NONE, binary(new byte[length]));
            assertEquals(List.of(), decoded.rules(), "length " + length);
            assertEquals(length, decoded.only(WsEvent.MessageAssembled.class).get(0).size());
        }
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void sixtyFourBitLengthWithTheMostSignificantBitSetIsRejectedWithoutAllocating(Direction d) {
        // 2^63 and 2^64-1: the header alone; a decoder that sized a buffer from it would fail here
        assertHeaderViolation(decode(d, ExtensionsInUse.NONE, binary(new byte[0]).declaredLength(Long.MIN_VALUE)),
                WsRule.LENGTH_MSB_SET);
        assertHeaderViolation(decode(d, ExtensionsInUse.NONE, text("x").declaredLength(-1L)), WsRule.LENGTH_MSB_SET);
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void hugeLegalLengthIsStreamedNotBuffered(Direction d) {
        // 2^62 declared, 3 MiB actually sent: no violation, assembly stops at the 1 MiB limit
        byte[] wire = new WireScript(d, 1).add(binary(new byte[3 << 20]).declaredLength(1L << 62)).bytes();
        Decoded decoded = new DecoderHarness(d).decode(wire, DecoderHarness.fixedCuts(wire.length, 65536));
        assertEquals(List.of(), decoded.rules());
        WsEvent.LimitExceeded limit = decoded.only(WsEvent.LimitExceeded.class).get(0);
        assertEquals(WsEvent.Limit.MAX_MESSAGE_BYTES, limit.limit());
        assertEquals(14 - (d.mustMask() ? 0 : 4) + (1 << 20), limit.byteOffset(), "the first byte past the limit");
        assertTrue(decoded.only(WsEvent.StreamEnded.class).get(0).midFrame());
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void wrongMaskingFailsInEitherDirection(Direction d) {
        WsRule expected = d.mustMask() ? WsRule.UNMASKED_CLIENT_FRAME : WsRule.MASKED_SERVER_FRAME;
        assertHeaderViolation(decode(d, ExtensionsInUse.NONE, text("Hello").wrongMasking()), expected);
        assertHeaderViolation(decode(d, ExtensionsInUse.NONE, text("a"), ping(utf8("p")).wrongMasking()), expected);
        assertHeaderViolation(decode(d, ExtensionsInUse.NONE, close(1000, "").wrongMasking()), expected);
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void rsv1BelongsToTheFirstFrameOfADataMessageWhenDeflateIsAgreed(Direction d) {
        assertHeaderViolation(decode(d, DEFLATE, text("a").fin(false), continuation(utf8("b")).rsv(4)),
                WsRule.COMPRESSED_BIT_MISPLACED);
        assertHeaderViolation(decode(d, DEFLATE, ping(utf8("p")).rsv(4)), WsRule.COMPRESSED_BIT_MISPLACED);
        assertHeaderViolation(decode(d, DEFLATE, close(1000, "bye").rsv(4)), WsRule.COMPRESSED_BIT_MISPLACED);
        // permessage-deflate defines RSV1 only
        assertHeaderViolation(decode(d, DEFLATE, text("a").rsv(2)), WsRule.RESERVED_BITS_SET);
        assertHeaderViolation(decode(d, DEFLATE, binary(new byte[1]).rsv(1)), WsRule.RESERVED_BITS_SET);
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void rsv1WithoutDeflateIsAReservedBit(Direction d) {
        assertHeaderViolation(decode(d, ExtensionsInUse.NONE, text("a").rsv(4)), WsRule.RESERVED_BITS_SET);
        assertHeaderViolation(decode(d, ExtensionsInUse.NONE, text("a").fin(false), continuation(utf8("b")).rsv(4)),
                WsRule.RESERVED_BITS_SET);
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void uncompressedMessageIsLegalWithDeflateAgreed(Direction d) {
        // RFC 7692 6 (PMD-3): RSV1 clear on the first frame is an uncompressed message
        Decoded decoded = decode(d, DEFLATE, text("plain").fin(false), continuation(utf8(" text")));
        assertEquals(List.of(), decoded.rules());
        assertEquals(List.of("plain text"), decoded.texts());
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void unknownExtensionTurnsRsvAndPayloadChecksOff(Direction d) {
        ExtensionsInUse unknown = new ExtensionsInUse(java.util.Optional.empty(), List.of("x-frobnicate"));
        Decoded decoded = decode(d, unknown, text(new byte[]{(byte) 0xC0}).rsv(7), text("ok").rsv(2));
        assertEquals(List.of(WsRule.EXTENSION_NOT_VERIFIABLE), decoded.rules());
        assertEquals(2, decoded.only(WsEvent.MessageAssembled.class).size());
    }
}
