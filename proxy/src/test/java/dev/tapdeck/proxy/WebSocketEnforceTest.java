package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.ws.FrameBuilder;
import dev.tapdeck.protocol.ws.WsRule;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.TapEvent;
import dev.tapdeck.recorder.TapEvent.WsOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static dev.tapdeck.protocol.ws.Direction.CLIENT_TO_SERVER;
import static dev.tapdeck.protocol.ws.FrameBuilder.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Enforce mode: "the client (or server) sends X, expect the upstream to get Y, the client Z". The proxy's
 * masking key is fixed, so the Close frames it injects are known to the byte.
 */
class WebSocketEnforceTest extends WebSocketTestBase {
    private static final int KEY = 0x0A0B0C0D;

    private final Random keys = new Random(7);

    private ProxyHarness proxy(RawWsUpstream up) throws Exception {
        return new ProxyHarness(vertx, config(up.port(), Policy.ENFORCE), sink,
                ProxyClock.SYSTEM.withMaskKeys(() -> KEY));
    }

    private static byte[] closeToClient(int code, WsRule rule) {
        return FrameBuilder.close(code, "tapdeck: " + rule.id()).unmasked().build();
    }

    private static byte[] closeToServer(int code, WsRule rule) {
        return FrameBuilder.close(code, "tapdeck: " + rule.id()).mask(KEY).build();
    }

    static Stream<Arguments> badClientFrames() {
        Random k = new Random(11);
        byte[] unmasked = FrameBuilder.text("bad").unmasked().build();
        byte[] reserved = FrameBuilder.frame(0x3).payload(FrameBuilder.utf8("bad")).build(CLIENT_TO_SERVER, k);
        byte[] close1005 = FrameBuilder.close(1005, "").build(CLIENT_TO_SERVER, k);
        return Stream.of(
                Arguments.of(WsRule.UNMASKED_CLIENT_FRAME, unmasked, 0),
                // the first byte alone: an incomplete header is held back until it can be judged
                Arguments.of(WsRule.UNMASKED_CLIENT_FRAME, unmasked, 1),
                Arguments.of(WsRule.RESERVED_DATA_OPCODE, reserved, 0),
                Arguments.of(WsRule.RESERVED_DATA_OPCODE, reserved, 1),
                // header and one byte of the code: a control frame is held back whole (notes §0.3)
                Arguments.of(WsRule.RESERVED_CLOSE_CODE, close1005, 7));
    }

    /**
     * A valid frame (echoed), then a frame that breaks a rule, whole or in two reads ({@code split} bytes
     * first): no byte of it reaches the upstream, which gets a masked 1002 Close instead; the client gets
     * an unmasked one.
     */
    @ParameterizedTest
    @MethodSource("badClientFrames")
    void aClientFrameThatBreaksARuleNeverReachesTheUpstream(WsRule rule, byte[] bad, int split) throws Exception {
        byte[] ok = FrameBuilder.text("ok").build(CLIENT_TO_SERVER, keys);
        try (RawWsUpstream up = RawWsUpstream.echo("", new byte[0]);
             ProxyHarness h = proxy(up);
             RawWsClient c = new RawWsClient(h.proxy.port("main"))) {
            assertTrue(c.handshake(RawWsClient.upgrade("/", "")).startsWith("HTTP/1.1 101 "));
            c.send(ok);
            assertArrayEquals(RawWsUpstream.frame(0x81, FrameBuilder.utf8("ok")), c.read(4), "the valid frame is echoed");
            if (split > 0) {
                c.send(Arrays.copyOf(bad, split));
                // the proxy has read the first part (recorded as the second chunk) before the rest is sent
                WsEvents.waitUntil(() -> sink.of(TapEvent.WsChunkRelayed.class).stream()
                        .filter(x -> x.direction() == Direction.CLIENT_TO_SERVER).count() == 2, "the first part");
                c.send(Arrays.copyOfRange(bad, split, bad.length));
            } else {
                c.send(bad);
            }
            byte[] got = c.readToEnd();
            WsEvents.awaitEnd(sink);
            RawWsUpstream.Conn conn = up.connections.get(0);
            WsEvents.waitUntil(() -> conn.finished, "the upstream to see the end");

            assertArrayEquals(closeToClient(1002, rule), got, "the client gets an unmasked 1002 Close, nothing else");
            assertArrayEquals(concat(ok, closeToServer(1002, rule)), conn.received(),
                    "the upstream gets the valid frame and a masked 1002 Close, no byte of the bad frame");
            TapEvent.WsViolationFound v = sink.of(TapEvent.WsViolationFound.class).get(0);
            assertEquals(rule.id(), v.violation().rule().id());
            assertEquals(Direction.CLIENT_TO_SERVER, v.direction());
            assertTrue(v.blocking());
            TapEvent.WsPolicyEnforced e = sink.of(TapEvent.WsPolicyEnforced.class).get(0);
            assertEquals(Direction.CLIENT_TO_SERVER, e.offender());
            assertEquals(1002, e.closeCode());
            assertEquals(List.of(WsOutcome.CLOSE_SENT, WsOutcome.CLOSE_SENT), List.of(e.towardServer(), e.towardClient()));
            assertArrayEquals(closeToServer(1002, rule), e.closeToServer());
            TapEvent.WsDirectionEnded c2s = sink.of(TapEvent.WsDirectionEnded.class).stream()
                    .filter(d -> d.direction() == Direction.CLIENT_TO_SERVER).findFirst().orElseThrow();
            assertEquals(ok.length + bad.length, c2s.bytes(), "every byte the client sent is recorded");
            assertEquals(ok.length, c2s.forwarded(), "only the valid frame went out");
        }
    }

    /** The server's first frame, sent with its 101, uses a reserved control opcode (0xB). */
    @Test
    void aServerFrameWithAReservedOpcodeNeverReachesTheClient() throws Exception {
        byte[] bad = RawWsUpstream.frame(0x8B, new byte[0]);
        try (RawWsUpstream up = RawWsUpstream.echo("", bad);
             ProxyHarness h = proxy(up);
             RawWsClient c = new RawWsClient(h.proxy.port("main"))) {
            assertTrue(c.handshake(RawWsClient.upgrade("/", "")).startsWith("HTTP/1.1 101 "));
            byte[] got = c.readToEnd();
            WsEvents.awaitEnd(sink);
            RawWsUpstream.Conn conn = up.connections.get(0);
            WsEvents.waitUntil(() -> conn.finished, "the upstream to see the end");

            assertArrayEquals(closeToClient(1002, WsRule.RESERVED_CONTROL_OPCODE), got);
            assertArrayEquals(closeToServer(1002, WsRule.RESERVED_CONTROL_OPCODE), conn.received());
            TapEvent.WsPolicyEnforced e = sink.of(TapEvent.WsPolicyEnforced.class).get(0);
            assertEquals(Direction.SERVER_TO_CLIENT, e.offender());
            assertEquals(WsRule.RESERVED_CONTROL_OPCODE.id(), e.violation().rule().id());
        }
    }

    /**
     * Invalid UTF-8 arrives after the first half of a text frame went out: no Close can be put into the
     * client-to-server stream mid-frame, so that connection is dropped; the client gets a 1007 Close.
     */
    @Test
    void invalidUtf8AfterPartOfTheFrameWentOutDropsTheUpstreamAndClosesTheClientWith1007() throws Exception {
        byte[] payload = FrameBuilder.utf8("0123456789abcdefghij");
        payload[12] = (byte) 0xFF; // can never occur in UTF-8 (RFC 3629)
        byte[] frame = FrameBuilder.text(payload).build(CLIENT_TO_SERVER, keys);
        int firstPart = 6 + 10; // header with mask key, then ten valid bytes
        try (RawWsUpstream up = RawWsUpstream.echo("", new byte[0]);
             ProxyHarness h = proxy(up);
             RawWsClient c = new RawWsClient(h.proxy.port("main"))) {
            assertTrue(c.handshake(RawWsClient.upgrade("/", "")).startsWith("HTTP/1.1 101 "));
            c.send(Arrays.copyOf(frame, firstPart));
            RawWsUpstream.Conn conn = up.connections.get(0);
            WsEvents.waitUntil(() -> conn.receivedCount() == firstPart, "the first part to reach the upstream");
            c.send(Arrays.copyOfRange(frame, firstPart, frame.length));
            byte[] got = c.readToEnd();
            WsEvents.awaitEnd(sink);
            WsEvents.waitUntil(() -> conn.finished, "the upstream to see the end");

            assertArrayEquals(closeToClient(1007, WsRule.INVALID_UTF8_TEXT), got);
            assertArrayEquals(Arrays.copyOf(frame, firstPart), conn.received(), "nothing after the first part, no Close");
            TapEvent.WsPolicyEnforced e = sink.of(TapEvent.WsPolicyEnforced.class).get(0);
            assertEquals(1007, e.closeCode());
            assertEquals(WsOutcome.CONNECTION_DROPPED, e.towardServer());
            assertEquals(WsOutcome.CLOSE_SENT, e.towardClient());
            assertNull(e.closeToServer());
        }
    }

    /** A 101 that accepts an extension the client never offered is not relayed: the client gets 502. */
    @Test
    void a101ThatBreaksARuleBecomes502() throws Exception {
        try (RawWsUpstream up = RawWsUpstream.echo("Sec-WebSocket-Extensions: x-webkit-deflate-frame\r\n", new byte[0]);
             ProxyHarness h = proxy(up);
             RawWsClient c = new RawWsClient(h.proxy.port("main"))) {
            String head = c.handshake(RawWsClient.upgrade("/", ""));
            assertTrue(head.startsWith("HTTP/1.1 502 "), head);
            int length = Integer.parseInt(head.replaceAll("(?s).*content-length: (\\d+).*", "$1"));
            String body = new String(c.read(length), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(body.contains(WsRule.EXTENSION_NOT_OFFERED.id()), body);
            WsEvents.waitUntil(() -> up.connections.get(0).finished, "the upstream connection to close");
            TapEvent.WsHandshakeRelayed hs = sink.of(TapEvent.WsHandshakeRelayed.class).get(0);
            assertEquals(TapEvent.Verdict.BLOCKED, hs.verdict());
            assertEquals(101, hs.response().status(), "the upstream's 101 is recorded");
        }
    }

    /** A handshake request that breaks an enforced rule is answered 400 and never forwarded. */
    @Test
    void anUpgradeRequestWithoutAKeyIsRefusedInEnforceMode() throws Exception {
        try (RawWsUpstream up = RawWsUpstream.echo("", new byte[0]);
             ProxyHarness h = proxy(up);
             RawWsClient c = new RawWsClient(h.proxy.port("main"))) {
            String head = c.handshake(RawWsClient.upgrade("/", "").replace("Sec-WebSocket-Key: " + RawWsClient.KEY + "\r\n", ""));
            assertTrue(head.startsWith("HTTP/1.1 400 "), head);
            int length = Integer.parseInt(head.replaceAll("(?s).*content-length: (\\d+).*", "$1"));
            String body = new String(c.read(length), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(body.contains(WsRule.KEY_INVALID.id()), body);
            assertTrue(up.connections.isEmpty(), "the upstream never sees the request");
            TapEvent.WsHandshakeRelayed hs = sink.of(TapEvent.WsHandshakeRelayed.class).get(0);
            assertEquals(TapEvent.Verdict.BLOCKED, hs.verdict());
            assertEquals(WsRule.KEY_INVALID.id(), hs.violations().get(0).rule().id());
        }
    }
}
