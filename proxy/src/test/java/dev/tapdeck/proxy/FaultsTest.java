package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.recorder.TapEvent;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10 part 3: the upstream refuses, resets mid-response, stalls; the client aborts mid-body. Each is
 * recorded as what happened (a TransportFailed line), another session on the same proxy is served right after,
 * and the proxy then holds nothing: no connection, exchange, buffered byte or tunnel (TapdeckProxy.stats()).
 * The recorder's disk-full and kill -9 cases are DiskFullTest, TmpfsDiskFullTest and KillDashNineTest (cli).
 */
class FaultsTest {
    private Vertx vertx;
    private final CollectingSink sink = new CollectingSink();
    private ScriptedUpstream healthy;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        healthy = new ScriptedUpstream(vertx, r -> ScriptedUpstream.now(ScriptedUpstream.Reply.soap(
                Envelopes.createResponse(ScriptedUpstream.messageId(new String(r.body(), StandardCharsets.UTF_8)), "S-1"))));
    }

    @AfterEach
    void stop() throws Exception {
        healthy.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** Route /faulty to the faulty upstream, /wsman to a healthy one; upstream idle timeout 1 s, no long-poll margin. */
    private ProxyHarness proxy(int faultyPort) throws Exception {
        ProxyConfig.Listener l = new ProxyConfig.Listener("main", "127.0.0.1", 0, List.of(
                new ProxyConfig.Route("/faulty", URI.create("http://127.0.0.1:" + faultyPort + "/wsman"), RouteProtocol.WINRM),
                new ProxyConfig.Route("/wsman", URI.create("http://127.0.0.1:" + healthy.port()), RouteProtocol.WINRM)));
        return new ProxyHarness(vertx, new ProxyConfig(List.of(l), Policy.OBSERVE, ProxyConfig.DEFAULT_BODY_LIMIT,
                Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(5), null, true), sink);
    }

    /** A Create without OperationTimeout, so the 1 s upstream idle timeout applies as it is. */
    private static String create(String id) {
        return Envelopes.create(id).replace("<wsman:OperationTimeout>PT20S</wsman:OperationTimeout>", "");
    }

    /** The fault was answered and recorded; another session is served; then nothing is held. */
    private void recordedServedAndNothingHeld(ProxyHarness h, String response, int status, String what, String detail)
            throws Exception {
        assertEquals(status, RawHttp.status(response), response);
        WsEvents.waitUntil(() -> !sink.of(TapEvent.TransportFailed.class).isEmpty(), "the failure to be recorded");
        TapEvent.TransportFailed failed = sink.of(TapEvent.TransportFailed.class).get(0);
        assertEquals(what, failed.what(), failed.toString());
        assertTrue(failed.detail().contains(detail), failed.detail());
        String other = RawHttp.exchange(h.proxy.port("main"), RawHttp.post("/wsman", create("uuid:OTHER")));
        assertEquals(200, RawHttp.status(other), other);
        LeakCheck.awaitIdle(h.proxy);
    }

    @Test
    void upstreamRefusesTheConnection() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // nothing listens there once closed
        }
        try (ProxyHarness h = proxy(closedPort)) {
            String r = RawHttp.exchange(h.proxy.port("main"), RawHttp.post("/faulty", create("uuid:1")));
            assertTrue(r.contains("Connection refused"), r);
            recordedServedAndNothingHeld(h, r, 502, "upstream-failed", "Connection refused");
        }
    }

    @Test
    void upstreamResetsMidResponse() throws Exception {
        try (FaultyUpstream up = new FaultyUpstream(s -> {
            write(s, "HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\nContent-Length: 5000\r\n\r\n<s:Envelope");
            reset(s);
        }); ProxyHarness h = proxy(up.port())) {
            String r = RawHttp.exchange(h.proxy.port("main"), RawHttp.post("/faulty", create("uuid:1")));
            recordedServedAndNothingHeld(h, r, 502, "upstream-failed", "failed");
        }
    }

    @Test
    void upstreamStallsUntilTheIdleTimeoutFires() throws Exception {
        try (FaultyUpstream up = new FaultyUpstream(s -> sleep(30_000)); ProxyHarness h = proxy(up.port())) {
            String r = RawHttp.exchange(h.proxy.port("main"), RawHttp.post("/faulty", create("uuid:1")));
            assertTrue(r.contains("1000ms"), r);
            recordedServedAndNothingHeld(h, r, 502, "upstream-failed", "timeout");
        }
    }

    @Test
    void clientAbortsMidBody() throws Exception {
        try (ProxyHarness h = proxy(healthy.port())) {
            try (Socket s = RawHttp.connect(h.proxy.port("main"))) {
                s.getOutputStream().write(("POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Type: application/soap+xml\r\n"
                        + "Content-Length: 10000\r\n\r\n<s:Envelope>" + "x".repeat(2000)).getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                WsEvents.waitUntil(() -> h.proxy.stats().bufferedBytes() > 0, "the proxy to buffer the partial body");
                s.setSoLinger(true, 0); // an abort, not a FIN after the body
            }
            assertTrue(healthy.received.isEmpty(), "an incomplete request never goes upstream");
            String other = RawHttp.exchange(h.proxy.port("main"), RawHttp.post("/wsman", create("uuid:OTHER")));
            recordedServedAndNothingHeld(h, other, 200, "client-aborted", "mid-request");
        }
    }

    private static void write(Socket s, String text) {
        try {
            s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
            s.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An upstream on plain sockets: reads a request head and body, then does what the test says. */
    private static final class FaultyUpstream implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());

        FaultyUpstream(Consumer<Socket> fault) throws java.io.IOException {
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        InputStream in = s.getInputStream();
                        String head = RawWsClient.readHead(in);
                        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(head);
                        in.readNBytes(m.find() ? Integer.parseInt(m.group(1)) : 0);
                        fault.accept(s);
                    } catch (Exception e) {
                        // closed, or the proxy went away first
                    }
                }
            }, "faulty-upstream");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
        }
    }
}
