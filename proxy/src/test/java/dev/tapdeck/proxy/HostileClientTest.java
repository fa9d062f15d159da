package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Policy;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10 part 2 at the proxy: header floods, slow headers and many idle connections. Each has a clear outcome
 * (an HTTP status, or a closed connection), the proxy still serves a normal request afterwards, and once the
 * clients are gone it holds nothing. (Body over the limit: WinrmRelayTest; XXE, entity expansion, deep nesting,
 * 2^63 WebSocket lengths, invalid base64, fragments, a million ObjectIds: the protocol module's hostile tests.)
 */
class HostileClientTest {
    private Vertx vertx;
    private final CollectingSink sink = new CollectingSink();
    private ScriptedUpstream up;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        up = new ScriptedUpstream(vertx, r -> ScriptedUpstream.now(ScriptedUpstream.Reply.soap(
                Envelopes.createResponse(ScriptedUpstream.messageId(new String(r.body(), StandardCharsets.UTF_8)), "S-1"))));
    }

    @AfterEach
    void stop() throws Exception {
        up.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private ProxyHarness proxy(ClientLimits limits) throws Exception {
        return new ProxyHarness(vertx, ProxyHarness.config(up.port(), Policy.OBSERVE).withClientLimits(limits), sink);
    }

    /** A normal request still gets its answer, and then the proxy holds nothing. */
    private static void stillServesAndHoldsNothing(ProxyHarness h) throws Exception {
        String r = RawHttp.exchange(h.proxy.port("main"), RawHttp.post("/wsman", Envelopes.create("uuid:OK")));
        assertEquals(200, RawHttp.status(r), r);
        LeakCheck.awaitIdle(h.proxy);
    }

    @Test
    void aRequestLineOverTheLimitGets414() throws Exception {
        try (ProxyHarness h = proxy(ClientLimits.DEFAULT)) {
            String r = RawHttp.exchange(h.proxy.port("main"), "GET /wsman?" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(414, RawHttp.status(r), r);
            assertTrue(up.received.isEmpty(), "nothing went upstream");
            stillServesAndHoldsNothing(h);
        }
    }

    @Test
    void oneHugeHeaderFieldGets431() throws Exception {
        try (ProxyHarness h = proxy(ClientLimits.DEFAULT)) {
            String r = RawHttp.exchange(h.proxy.port("main"),
                    "POST /wsman HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(70_000) + "\r\nContent-Length: 0\r\n\r\n");
            assertEquals(431, RawHttp.status(r), r);
            stillServesAndHoldsNothing(h);
        }
    }

    @Test
    void aFloodOfSmallHeaderFieldsGets431() throws Exception {
        try (ProxyHarness h = proxy(ClientLimits.DEFAULT.withRequestHeadTimeout(Duration.ZERO))) {
            StringBuilder head = new StringBuilder("POST /wsman HTTP/1.1\r\nHost: x\r\n");
            for (int i = 0; i < 10_000; i++) {
                head.append("X-F").append(i).append(": v\r\n"); // about 100 KB of fields, each tiny
            }
            String r = RawHttp.exchange(h.proxy.port("main"), head.append("Content-Length: 0\r\n\r\n").toString());
            assertEquals(431, RawHttp.status(r), r);
            assertTrue(up.received.isEmpty(), "nothing went upstream");
            stillServesAndHoldsNothing(h);
        }
    }

    @Test
    void aClientThatTricklesItsHeadIsCutOffByTheRequestHeadTimeout() throws Exception {
        try (ProxyHarness h = proxy(ClientLimits.DEFAULT.withRequestHeadTimeout(Duration.ofSeconds(1)))) {
            byte[] head = "POST /wsman HTTP/1.1\r\nHost: x\r\nX-Slow: 0123456789012345678901234567890123456789\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1);
            int sent = 0;
            try (Socket s = RawHttp.connect(h.proxy.port("main"))) {
                OutputStream out = s.getOutputStream();
                try {
                    // one byte every 250 ms: the head would take about 25 s to complete
                    for (; sent < head.length; sent++) {
                        out.write(head[sent]);
                        out.flush();
                        Thread.sleep(250);
                        if (h.proxy.stats().clientConnections() == 0) {
                            break; // the proxy closed it
                        }
                    }
                } catch (IOException closed) {
                    // the proxy closed the connection under the writes
                }
                assertTrue(sent < head.length, "the proxy closed the connection before the head was complete");
                assertEquals("", RawHttp.readToEnd(s.getInputStream()), "closed without an answer");
            }
            assertTrue(up.received.isEmpty(), "nothing went upstream");
            stillServesAndHoldsNothing(h);
        }
    }

    @Test
    void aClientThatConnectsAndSendsNothingIsClosed() throws Exception {
        try (ProxyHarness h = proxy(ClientLimits.DEFAULT.withRequestHeadTimeout(Duration.ofSeconds(1)));
             Socket s = RawHttp.connect(h.proxy.port("main"))) {
            assertEquals(-1, s.getInputStream().read(), "the proxy closed the silent connection");
            stillServesAndHoldsNothing(h);
        }
    }

    /**
     * As many idle connections as this JVM's descriptor limit allows (each takes two here: the client's socket
     * and the proxy's), 10,000 when it can: the proxy counts them all, still answers a normal request, its heap
     * grows by a bounded amount per connection, and its count returns to zero once they close.
     */
    @Test
    void thousandsOfIdleConnections() throws Exception {
        int n = Math.min(10_000, (FdLimit.soft() - 1_500) / 2);
        assertTrue(n >= 1_000, "the descriptor limit " + FdLimit.soft() + " leaves room for " + n + " connections only");
        List<Socket> sockets = new ArrayList<>(n);
        try (ProxyHarness h = proxy(ClientLimits.DEFAULT.withRequestHeadTimeout(Duration.ZERO))) {
            long before = usedHeap();
            try {
                for (int i = 0; i < n; i++) {
                    sockets.add(RawHttp.connect(h.proxy.port("main")));
                }
                WsEvents.waitUntil(() -> h.proxy.stats().clientConnections() == n, n + " connections to be accepted");
                String r = RawHttp.exchange(h.proxy.port("main"), RawHttp.post("/wsman", Envelopes.create("uuid:OK")));
                assertEquals(200, RawHttp.status(r), r);
                long perConnection = Math.max(0, usedHeap() - before) / n;
                System.out.printf("%d idle client connections: %d bytes of heap per connection (descriptor limit %d)%n",
                        n, perConnection, FdLimit.soft());
                assertTrue(perConnection < 64 * 1024, "heap per idle connection stays bounded: " + perConnection + " B");
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            LeakCheck.awaitIdle(h.proxy);
        }
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
