package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.ws.HandshakeChecker;
import dev.tapdeck.recorder.TapEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Vert.x 5 WebSocket client through the relay. Its upgrade "failed" with NoSuchElementException: httpDecoder
 * in Http1ServerConnection.netSocket: a client nobody holds is garbage-collected, and Vert.x 5 closes a collected
 * client's connections, here while the upstream's 101 was on its way. The relay then took over a closed connection
 * (toNetSocket() throws from inside, the future never completes) and leaked the upstream connection and the session.
 * Now a client that leaves during the upgrade is recorded as such and everything it held is given back.
 */
class VertxWebSocketClientTest extends WebSocketTestBase {

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(booleans = {false, true})
    void vertxClientUpgradesAndExchangesMessagesThroughTheRelay(boolean compression) throws Exception {
        Vertx peers = Vertx.vertx(); // the peers' own, as in real life
        try {
            HttpServer upstream = peers.createHttpServer(new HttpServerOptions()
                            .setPerMessageWebSocketCompressionSupported(compression))
                    .webSocketHandler(ws -> ws.textMessageHandler(t -> ws.writeTextMessage("echo " + t)));
            int upPort = upstream.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
            try (ProxyHarness h = new ProxyHarness(vertx, config(upPort, Policy.OBSERVE), sink)) {
                // held in a variable used to the end: a collected Vert.x client closes its connections
                WebSocketClient client = peers.createWebSocketClient(new WebSocketClientOptions()
                        .setTryUsePerMessageCompression(compression));
                WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                        .setPort(h.proxy.port("main")).setURI("/echo")).await(10, TimeUnit.SECONDS);
                List<String> got = new CopyOnWriteArrayList<>();
                CountDownLatch two = new CountDownLatch(2);
                ws.textMessageHandler(t -> {
                    got.add(t);
                    two.countDown();
                });
                ws.writeTextMessage("one");
                ws.writeTextMessage("two");
                assertTrue(two.await(10, TimeUnit.SECONDS), got.toString());
                assertEquals(List.of("echo one", "echo two"), got);
                ws.close().await(10, TimeUnit.SECONDS);
                client.close().await(10, TimeUnit.SECONDS);
                WsEvents.awaitEnd(sink);
                TapEvent.WsHandshakeRelayed hs = sink.of(TapEvent.WsHandshakeRelayed.class).get(0);
                assertTrue(hs.upgraded());
                assertEquals(compression, hs.extensions().stream().anyMatch(e -> e.startsWith("permessage-deflate")));
                assertEquals(List.of(), WsEvents.ruleIds(sink));
                LeakCheck.awaitIdle(h.proxy);
            }
        } finally {
            peers.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aClientThatLeavesBeforeThe101IsRecordedAndLeaksNothing() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        try (ServerSocket upstream = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             ProxyHarness h = new ProxyHarness(vertx, config(upstream.getLocalPort(), Policy.OBSERVE), sink)) {
            Thread server = new Thread(() -> answerLate(upstream, answer), "late-upstream");
            server.setDaemon(true);
            server.start();
            try (RawWsClient c = new RawWsClient(h.proxy.port("main"))) {
                c.send(RawWsClient.upgrade("/late", "").getBytes(StandardCharsets.ISO_8859_1));
                WsEvents.waitUntil(() -> h.proxy.stats().upstreamConnections() == 1, "the upgrade to go upstream");
            }
            // the client is gone; only now does the upstream's 101 come
            WsEvents.waitUntil(() -> h.proxy.stats().clientConnections() == 0, "the proxy to see the client leave");
            answer.countDown();
            TapEvent.SessionEnded end = WsEvents.awaitEnd(sink);
            assertEquals("client closed the connection during the upgrade", end.reason());
            TapEvent.TransportFailed failed = sink.of(TapEvent.TransportFailed.class).get(0);
            assertEquals("client-aborted", failed.what());
            LeakCheck.awaitIdle(h.proxy);
            server.join(10_000);
        }
    }

    /** Reads one upgrade request, waits for {@code answer}, then sends a valid 101 and reads until the proxy closes. */
    private static void answerLate(ServerSocket upstream, CountDownLatch answer) {
        try (Socket s = upstream.accept()) {
            InputStream in = s.getInputStream();
            String head = RawWsClient.readHead(in);
            Matcher m = RawWsUpstream.KEY.matcher(head);
            String accept = m.find() ? HandshakeChecker.acceptFor(m.group(1)) : "no-key";
            answer.await(20, TimeUnit.SECONDS);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            while (in.read() >= 0) {
                // until the proxy closes this connection
            }
        } catch (Exception e) {
            // the proxy closed the connection first: that is the expected end
        }
    }
}
