package dev.tapdeck.protocol.ws;

import dev.tapdeck.protocol.rules.Severity;
import dev.tapdeck.protocol.ws.DecoderHarness.Decoded;
import dev.tapdeck.protocol.ws.WsEvent.CloseReceived;
import dev.tapdeck.protocol.ws.WsEvent.FrameDecoded;
import dev.tapdeck.protocol.ws.WsEvent.PongReceived;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.OptionalInt;

import static dev.tapdeck.protocol.ws.FrameBuilder.close;
import static dev.tapdeck.protocol.ws.FrameBuilder.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Close codes and reasons (CL-1 to CL-6, UT-4) and pong matching across directions (PP-2). */
class CloseAndPingRulesTest {

    private static Decoded decode(Direction d, WireScript script) {
        return new DecoderHarness(d).decode(script);
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999})
    void legalCloseCodes(int code) {
        for (Direction d : Direction.values()) {
            Decoded decoded = decode(d, new WireScript(d, code).add(close(code, "bye")));
            assertEquals(List.of(), decoded.rules(), code + " " + d);
            assertEquals(new CloseReceived(0, OptionalInt.of(code), "bye"), decoded.only(CloseReceived.class).get(0));
            assertEquals(BufferType.CLOSE, decoded.only(FrameDecoded.class).get(0).bufferType());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1004, 1005, 1006, 1015})
    void reservedCloseCodesMustNotBeSent(int code) {
        for (Direction d : Direction.values()) {
            Decoded decoded = decode(d, new WireScript(d, code).add(close(code, "")));
            assertEquals(List.of(WsRule.RESERVED_CLOSE_CODE), decoded.rules(), code + " " + d);
            assertTrue(decoded.stopped());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1016, 1100, 2000, 2999})
    void unassignedCloseCodesAreInvalid(int code) {
        for (Direction d : Direction.values()) {
            assertEquals(List.of(WsRule.INVALID_CLOSE_CODE), decode(d, new WireScript(d, code).add(close(code, ""))).rules());
        }
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void codesFrom5000AreOnlyNoticed(Direction d) {
        Decoded decoded = decode(d, new WireScript(d, 5).add(close(5000, "")).add(close(65535, "")));
        assertEquals(List.of(WsRule.UNDEFINED_CLOSE_CODE, WsRule.CONTROL_AFTER_CLOSE, WsRule.UNDEFINED_CLOSE_CODE),
                decoded.rules());
        assertTrue(decoded.violations().stream().allMatch(v -> v.violation().severity() == Severity.NOTICE));
        assertFalse(decoded.stopped());
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void closeBodyOfOneByteAndInvalidReason(Direction d) {
        assertEquals(List.of(WsRule.CLOSE_PAYLOAD_ONE_BYTE), decode(d, new WireScript(d, 1).closeBody(new byte[]{3})).rules());
        byte[] badReason = {0x03, (byte) 0xE8, (byte) 0xCE, (byte) 0xBA, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        assertEquals(List.of(WsRule.INVALID_UTF8_CLOSE_REASON), decode(d, new WireScript(d, 2).closeBody(badReason)).rules());
        Decoded empty = decode(d, new WireScript(d, 3).closeBody(new byte[0]));
        assertEquals(List.of(), empty.rules());
        assertEquals(OptionalInt.empty(), empty.only(CloseReceived.class).get(0).code());
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void dataAfterCloseIsReportedButStillDecoded(Direction d) {
        // WebSocketSend: after CLOSE only control frames (CL-5); the receiver discards, it does not fail
        Decoded decoded = decode(d, new WireScript(d, 4).add(FrameBuilder.text("one").fin(false)).close(1000)
                .add(FrameBuilder.continuation(utf8(" two"))).ping(utf8("p")).text("three"));
        assertEquals(List.of(WsRule.DATA_AFTER_CLOSE, WsRule.CONTROL_AFTER_CLOSE, WsRule.DATA_AFTER_CLOSE), decoded.rules());
        assertEquals(List.of("one two", "three"), decoded.texts());
        assertEquals(Severity.NOTICE, decoded.violations().get(1).violation().severity());
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void pongIsMatchedAgainstThePingsOfTheOtherDirection(Direction d) {
        PingLedger ledger = new PingLedger(2);
        FrameDecoder pinger = new FrameDecoder(d, ExtensionsInUse.NONE, WsLimits.DEFAULT, ledger);
        FrameDecoder ponger = new FrameDecoder(d.opposite(), ExtensionsInUse.NONE, WsLimits.DEFAULT, ledger);
        feed(ponger, new WireScript(d.opposite(), 9).pong(utf8("early")));  // nothing outstanding: unsolicited, legal
        feed(pinger, new WireScript(d, 1).ping(utf8("one")).ping(utf8("two")).ping(utf8("three")));
        assertEquals(2, ledger.outstanding(d), "bounded: the oldest ping is forgotten");
        List<WsEvent> events = feed(ponger, new WireScript(d.opposite(), 2).pong(utf8("one")).pong(new byte[0])
                .pong(utf8("three")).pong(utf8("two")));
        List<PongReceived> pongs = events.stream().filter(e -> e instanceof PongReceived).map(e -> (PongReceived) e).toList();
        assertEquals(List.of(false, false, true, false), pongs.stream().map(PongReceived::solicited).toList());
        List<WsRule> rules = events.stream().filter(e -> e instanceof WsEvent.ViolationFound)
                .map(e -> ((WsEvent.ViolationFound) e).rule()).toList();
        // "one" was forgotten; the empty pong is a heartbeat; "three" answers the newest and retires "two"
        assertEquals(List.of(WsRule.PONG_MISMATCH), rules);
        assertEquals(List.of(BufferType.UNSOLICITED_PONG, BufferType.UNSOLICITED_PONG, BufferType.PING_PONG,
                BufferType.UNSOLICITED_PONG), events.stream().filter(e -> e instanceof FrameDecoded)
                .map(e -> ((FrameDecoded) e).bufferType()).toList());
    }

    private static List<WsEvent> feed(FrameDecoder decoder, WireScript script) {
        byte[] b = script.bytes();
        return decoder.feed(b, 0, b.length);
    }
}
