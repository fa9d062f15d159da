package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.ws.FrameBuilder;
import dev.tapdeck.protocol.ws.MessageType;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.EventSink;
import dev.tapdeck.recorder.RecordingReader;
import dev.tapdeck.recorder.RecordingSink;
import dev.tapdeck.recorder.TapEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.tapdeck.protocol.ws.Direction.CLIENT_TO_SERVER;
import static dev.tapdeck.protocol.ws.Direction.SERVER_TO_CLIENT;
import static dev.tapdeck.protocol.ws.FrameBuilder.concat;
import static dev.tapdeck.proxy.RawWsClient.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A raw-socket client sends hand-built frames through the proxy to a raw-socket echo server: both
 * directions must arrive byte for byte, the tap must decode them, and the recording must hold them.
 */
class WebSocketRelayTest extends WebSocketTestBase {

    @Test
    void relaysHandBuiltFramesByteForByteBothWaysAndTapsThem(@TempDir Path dir) throws Exception {
        Random keys = new Random(6455);
        // the upstream's first frames travel in the same packet as its 101
        byte[] greeting = concat(FrameBuilder.text("welcome").build(SERVER_TO_CLIENT, keys),
                FrameBuilder.ping(FrameBuilder.utf8("p1")).build(SERVER_TO_CLIENT, keys));
        byte[] big = new byte[70_000];
        new Random(1).nextBytes(big);
        byte[] stream = concat(
                FrameBuilder.text("Hello").build(CLIENT_TO_SERVER, keys),
                FrameBuilder.text("frag-").fin(false).build(CLIENT_TO_SERVER, keys),
                FrameBuilder.ping(FrameBuilder.utf8("are you there")).build(CLIENT_TO_SERVER, keys),
                FrameBuilder.continuation(FrameBuilder.utf8("ment")).build(CLIENT_TO_SERVER, keys),
                FrameBuilder.binary(Arrays.copyOf(big, 300)).build(CLIENT_TO_SERVER, keys),
                FrameBuilder.binary(big).build(CLIENT_TO_SERVER, keys),
                FrameBuilder.text("naïve ☃ 𝄞").build(CLIENT_TO_SERVER, keys),
                FrameBuilder.close(1000, "bye").build(CLIENT_TO_SERVER, keys));
        try (RawWsUpstream up = RawWsUpstream.echo("X-Upstream: raw\r\nSec-WebSocket-Protocol: chat\r\n", greeting);
             RecordingSink rec = new RecordingSink(dir);
             ProxyHarness h = new ProxyHarness(vertx, config(up.port(), Policy.OBSERVE).withRecordDir(dir),
                     EventSink.all(List.of(sink, rec)));
             RawWsClient c = new RawWsClient(h.proxy.port("main"))) {
            String head = c.handshake(RawWsClient.upgrade("/chat?room=1",
                    "Sec-WebSocket-Protocol: chat, superchat\r\nX-Custom: kept\r\n"));
            assertTrue(head.startsWith("HTTP/1.1 101 "), head);
            // RFC 6455 1.3: the accept of the sample key, computed by the upstream and relayed unchanged
            assertTrue(head.contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), head);
            assertTrue(head.contains("\r\nX-Upstream: raw\r\n") && head.contains("\r\nSec-WebSocket-Protocol: chat\r\n"), head);

            Random cut = new Random(42); // odd chunkings: the tap must not care
            for (int p = 0; p < stream.length; ) {
                int n = Math.min(1 + cut.nextInt(4000), stream.length - p);
                c.send(Arrays.copyOfRange(stream, p, p + n));
                p += n;
            }
            byte[] got = c.readToEnd();
            TapEvent.SessionEnded end = WsEvents.awaitEnd(sink);
            RawWsUpstream.Conn conn = up.connections.get(0);

            assertEquals(sha256(stream), sha256(conn.received()), "client to upstream, byte for byte");
            assertEquals(sha256(conn.sent()), sha256(got), "upstream to client, byte for byte");
            assertEquals(stream.length, end.bytesFromClient());
            assertEquals(got.length, end.bytesFromServer());
            assertTrue(conn.requestHead.startsWith("GET /chat?room=1 HTTP/1.1\r\n"), conn.requestHead);
            for (String field : List.of("X-Custom: kept", "Sec-WebSocket-Protocol: chat, superchat",
                    "Sec-WebSocket-Key: " + RawWsClient.KEY, "Upgrade: websocket", "Connection: Upgrade")) {
                assertTrue(conn.requestHead.contains("\r\n" + field + "\r\n"), field + " in " + conn.requestHead);
            }

            TapEvent.WsHandshakeRelayed hs = sink.of(TapEvent.WsHandshakeRelayed.class).get(0);
            assertTrue(hs.upgraded());
            assertEquals("chat", hs.subprotocol());
            assertEquals(List.of(), hs.violations());
            assertEquals(List.of(), WsEvents.ruleIds(sink), "valid traffic: no rule occurrence");
            List<String> sentTexts = List.of("Hello", "frag-ment", "naïve ☃ 𝄞");
            assertEquals(sentTexts, texts(WsEvents.messages(sink, Direction.CLIENT_TO_SERVER)));
            assertEquals(List.of("welcome", "Hello", "frag-ment", "naïve ☃ 𝄞"),
                    texts(WsEvents.messages(sink, Direction.SERVER_TO_CLIENT)));
            List<TapEvent.WsMessageAssembled> binaries = WsEvents.messages(sink, Direction.CLIENT_TO_SERVER).stream()
                    .filter(m -> m.type() == MessageType.BINARY).toList();
            assertEquals(List.of(300L, 70_000L), binaries.stream().map(TapEvent.WsMessageAssembled::size).toList());
            assertEquals(HexFormat.of().formatHex(big, 0, 32), binaries.get(1).hexPreview());
            assertTrue(binaries.get(1).truncated());
            assertEquals(8, WsEvents.frames(sink, Direction.CLIENT_TO_SERVER).size());
            assertTrue(WsEvents.frames(sink, Direction.CLIENT_TO_SERVER).stream().allMatch(TapEvent.WsFrameDecoded::masked));
            assertEquals(10, WsEvents.frames(sink, Direction.SERVER_TO_CLIENT).size());
            assertEquals(List.of(1000, 1000), sink.of(TapEvent.WsCloseReceived.class).stream()
                    .map(TapEvent.WsCloseReceived::code).toList());

            rec.flush();
            RecordingReader.Recording r = RecordingReader.read(rec.fileOf(end.sessionId()));
            assertEquals("websocket", r.header().path("protocol").asText());
            assertArrayEquals(stream, r.wsBytes(Direction.CLIENT_TO_SERVER), "the recording keeps the exact bytes");
            assertArrayEquals(got, r.wsBytes(Direction.SERVER_TO_CLIENT));
            long expected = 0;
            for (var chunk : r.ofType("ws-chunk")) {
                if (chunk.path("dir").asText().equals("c2s")) {
                    assertEquals(expected, chunk.path("off").asLong(), "chunks follow each other without gap");
                    assertFalse(chunk.has("fwd"), "observe mode holds nothing back");
                    expected += java.util.Base64.getDecoder().decode(chunk.path("data").asText()).length;
                }
            }
            assertTrue(r.ended());
        }
    }

    /**
     * An upstream that stops reading must stop the proxy reading from the client (else the proxy would
     * buffer without bound): the client's 40 MB write cannot complete until the upstream reads again; then
     * everything arrives byte for byte.
     */
    @Test
    void aStalledUpstreamStopsTheClientThroughBackPressure() throws Exception {
        Random keys = new Random(9);
        byte[] payload = new byte[40 << 20];
        new Random(2).nextBytes(payload);
        byte[] stream = concat(FrameBuilder.binary(payload).build(CLIENT_TO_SERVER, keys),
                FrameBuilder.close(1000, "").build(CLIENT_TO_SERVER, keys));
        try (RawWsUpstream up = RawWsUpstream.stalled();
             ProxyHarness h = new ProxyHarness(vertx, config(up.port(), Policy.OBSERVE), sink);
             RawWsClient c = new RawWsClient(h.proxy.port("main"))) {
            assertTrue(c.handshake(RawWsClient.upgrade("/", "")).startsWith("HTTP/1.1 101 "));
            java.util.concurrent.CompletableFuture<Void> written = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    c.send(stream);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // socket buffers hold a few MB at most: without back-pressure the proxy would swallow it all at once
            assertThrows(java.util.concurrent.TimeoutException.class, () -> written.get(2, TimeUnit.SECONDS),
                    "the client's write must block while the upstream reads nothing");
            long inFlight = sink.of(TapEvent.WsChunkRelayed.class).stream().mapToLong(x -> x.bytes().length).sum();
            assertTrue(inFlight < stream.length, inFlight + " bytes read by the proxy");
            up.reading.countDown();
            byte[] got = c.readToEnd();
            written.get(30, TimeUnit.SECONDS);
            WsEvents.awaitEnd(sink);
            RawWsUpstream.Conn conn = up.connections.get(0);
            assertEquals(sha256(stream), sha256(conn.received()));
            assertEquals(sha256(conn.sent()), sha256(got));
        }
    }

    private static List<String> texts(List<TapEvent.WsMessageAssembled> messages) {
        return messages.stream().filter(m -> m.type() == MessageType.TEXT).map(TapEvent.WsMessageAssembled::text).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nX-Reason: no-token\r\nContent-Length: 10\r\n\r\nforbidden\n",
            // a refusal that itself says Upgrade: nothing in the proxy may add extension fields to it
            "HTTP/1.1 426 Upgrade Required\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Content-Length: 0\r\n\r\n"})
    void relaysARefusalUnchanged(String refusal) throws Exception {
        byte[] bytes = refusal.getBytes(StandardCharsets.ISO_8859_1);
        try (RawWsUpstream up = RawWsUpstream.refusing(bytes);
             ProxyHarness h = new ProxyHarness(vertx, config(up.port(), Policy.OBSERVE), sink);
             RawWsClient c = new RawWsClient(h.proxy.port("main"))) {
            String head = c.handshake(RawWsClient.upgrade("/", "Sec-WebSocket-Extensions: permessage-deflate\r\n"));
            int length = Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
            byte[] body = c.read(length);
            assertEquals(refusal, head + new String(body, StandardCharsets.ISO_8859_1), "status, fields and body unchanged");
            WsEvents.waitUntil(() -> !sink.of(TapEvent.WsHandshakeRelayed.class).isEmpty(), "the handshake event");
            TapEvent.WsHandshakeRelayed hs = sink.of(TapEvent.WsHandshakeRelayed.class).get(0);
            assertFalse(hs.upgraded());
            assertEquals(TapEvent.Verdict.FORWARDED, hs.verdict());
            assertArrayEquals(body, hs.responseBody());
            assertEquals(head.substring(9, 12), String.valueOf(hs.response().status()));
        }
    }

    @Test
    void plainHttpOnAWebSocketRouteGets400() throws Exception {
        try (RawWsUpstream up = RawWsUpstream.echo("", new byte[0]);
             ProxyHarness h = new ProxyHarness(vertx, config(up.port(), Policy.OBSERVE), sink);
             RawWsClient c = new RawWsClient(h.proxy.port("main"))) {
            String head = c.handshake("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertTrue(head.startsWith("HTTP/1.1 400 "), head);
            int length = Integer.parseInt(head.replaceAll("(?s).*content-length: (\\d+).*", "$1"));
            String body = new String(c.read(length), StandardCharsets.UTF_8);
            assertTrue(body.contains("is a WebSocket route") && body.contains("Upgrade: websocket"), body);
            assertTrue(up.connections.isEmpty(), "nothing reaches the upstream");
            assertEquals(TapEvent.Verdict.SYNTHESIZED, sink.of(TapEvent.WsHandshakeRelayed.class).get(0).verdict());
        }
    }

    /**
     * A WebSocket's client connection becomes a raw socket, whose close the HTTP connection never reports: the
     * session must still leave the listener's map, and the request head timer armed at accept must stop, when
     * the tunnel ends. The soak found each WebSocket kept (map), then kept for requestHeadTimeout (timer), with
     * both sockets and decoders; the timer then reported a bogus head timeout on the ended session.
     */
    @Test
    void closedWebSocketsLeaveNothingBehind() throws Exception {
        ClientLimits limits = new ClientLimits(8192, 64 * 1024, java.time.Duration.ofMillis(300));
        try (RawWsUpstream up = RawWsUpstream.echo("", new byte[0]);
             ProxyHarness h = new ProxyHarness(vertx, config(up.port(), Policy.OBSERVE).withClientLimits(limits), sink)) {
            int sockets = 3;
            for (int i = 0; i < sockets; i++) {
                try (RawWsClient c = new RawWsClient(h.proxy.port("main"))) {
                    assertTrue(c.handshake(RawWsClient.upgrade("/", "")).startsWith("HTTP/1.1 101 "));
                }
            }
            for (int polls = 0; sink.of(TapEvent.SessionEnded.class).size() < sockets && polls < 2000; polls++) {
                Thread.sleep(10); // a guard against a hang, not a timed assertion
            }
            assertEquals(sockets, sink.of(TapEvent.SessionEnded.class).size());
            assertEquals(0, h.proxy.sessionsHeld(), "sessions held after every WebSocket ended");
            Thread.sleep(3 * limits.requestHeadTimeout().toMillis()); // past the head timer armed at each accept
            assertEquals(0, sink.of(TapEvent.TransportFailed.class).stream().filter(f -> f.what().equals("request-head-timeout"))
                    .count(), "no head timeout on a session that ended with its WebSocket");
        }
    }

    /** Vert.x would not hand over a connection whose request lacks "Connection: Upgrade": 400, nothing forwarded. */
    @Test
    void anUpgradeWithoutConnectionUpgradeGets400() throws Exception {
        try (RawWsUpstream up = RawWsUpstream.echo("", new byte[0]);
             ProxyHarness h = new ProxyHarness(vertx, config(up.port(), Policy.OBSERVE), sink);
             RawWsClient c = new RawWsClient(h.proxy.port("main"))) {
            String head = c.handshake(RawWsClient.upgrade("/", "").replace("Connection: Upgrade", "Connection: keep-alive"));
            assertTrue(head.startsWith("HTTP/1.1 400 "), head);
            int length = Integer.parseInt(head.replaceAll("(?s).*content-length: (\\d+).*", "$1"));
            String body = new String(c.read(length), StandardCharsets.UTF_8);
            assertTrue(body.contains("'Connection: Upgrade'"), body);
            assertTrue(up.connections.isEmpty(), "nothing reaches the upstream");
            TapEvent.WsHandshakeRelayed hs = sink.of(TapEvent.WsHandshakeRelayed.class).get(0);
            assertEquals(TapEvent.Verdict.SYNTHESIZED, hs.verdict());
            assertEquals(List.of("WsRule.REQUEST_CONNECTION_NOT_UPGRADE"), hs.violations().stream().map(v -> v.rule().id()).toList());
        }
    }

    @Test
    void theUrlSchemeChoosesTheProtocol(@TempDir Path dir) throws Exception {
        assertEquals(RouteProtocol.WEBSOCKET, route(ProxyConfig.single("127.0.0.1", 0, URI.create("ws://h:1"), Policy.OBSERVE, null)));
        assertEquals(RouteProtocol.WEBSOCKET, route(ProxyConfig.single("127.0.0.1", 0, URI.create("wss://h"), Policy.OBSERVE, null)));
        assertEquals(RouteProtocol.WINRM, route(ProxyConfig.single("127.0.0.1", 0, URI.create("http://h:5985"), Policy.OBSERVE, null)));
        assertEquals(443, ProxyConfig.single("127.0.0.1", 0, URI.create("wss://h"), Policy.OBSERVE, null)
                .listeners().get(0).routes().get(0).upstreamPort());
        Path file = dir.resolve("tapdeck.json");
        java.nio.file.Files.writeString(file, "{\"listeners\":[{\"listen\":\"127.0.0.1:0\",\"routes\":["
                + "{\"path\":\"/ws\",\"upstream\":\"http://h:8080\",\"protocol\":\"websocket\"},"
                + "{\"path\":\"/wsman\",\"upstream\":\"http://h:5985\"}]}]}");
        List<ProxyConfig.Route> routes = ProxyConfig.load(file).listeners().get(0).routes();
        assertEquals(List.of(RouteProtocol.WEBSOCKET, RouteProtocol.WINRM), routes.stream().map(ProxyConfig.Route::protocol).toList());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ProxyConfig.Route("/", URI.create("ws://h:1"), RouteProtocol.WINRM));
        assertTrue(e.getMessage().contains("websocket"), e.getMessage());
    }

    private static RouteProtocol route(ProxyConfig c) {
        return c.listeners().get(0).routes().get(0).protocol();
    }
}
