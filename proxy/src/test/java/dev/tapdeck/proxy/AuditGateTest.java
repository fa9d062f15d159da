package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.recorder.EventSink;
import dev.tapdeck.recorder.TapEvent;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --audit-required: a sink that cannot record makes the proxy answer a new connection's first request 503. */
class AuditGateTest {
    private final Vertx vertx = Vertx.vertx();
    private final List<TapEvent> events = new CopyOnWriteArrayList<>();
    private volatile String unavailable = "cannot write recordings in /rec: No space left on device";

    private final EventSink sink = new EventSink() {
        @Override
        public void accept(TapEvent event) {
            events.add(event);
        }

        @Override
        public String unavailable() {
            return unavailable;
        }
    };

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** Sends a raw request on a new connection and reads the whole answer (the proxy closes the connection). */
    private static String exchange(int port, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private ProxyHarness proxy(String upstream, boolean required) throws Exception {
        return new ProxyHarness(vertx, ProxyConfig.single("127.0.0.1", 0, URI.create(upstream), Policy.OBSERVE, null)
                .withAuditRequired(required), sink);
    }

    @Test
    void aWinrmSessionGets503WithAWsmanFaultAndNothingIsRecorded() throws Exception {
        try (ProxyHarness h = proxy("http://127.0.0.1:1", true)) {
            String answer = exchange(h.proxy.port("main"), "POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Type: "
                    + "application/soap+xml;charset=UTF-8\r\nContent-Length: 2\r\n\r\n<a");
            assertTrue(answer.startsWith("HTTP/1.1 503 "), answer);
            assertTrue(answer.contains("<s:Fault>") || answer.contains("<s:Fault "), answer);
            assertTrue(answer.contains("Tapdeck: recording unavailable: cannot write recordings in /rec: No space left on device"),
                    answer);
            assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("retry-after: 5"), answer);
            assertEquals(List.of(), events, "a refused session is not a session");
        }
    }

    @Test
    void aWebSocketUpgradeGets503() throws Exception {
        try (ProxyHarness h = proxy("ws://127.0.0.1:1", true)) {
            String answer = exchange(h.proxy.port("main"), "GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 503 "), answer);
            assertTrue(answer.contains("text/plain"), answer);
            assertTrue(answer.contains("recording unavailable: cannot write recordings in /rec"), answer);
        }
    }

    @Test
    void withoutAuditRequiredOrOnceTheSinkRecoversTheRequestGoesThrough() throws Exception {
        String request = "POST /wsman HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        try (ProxyHarness h = proxy("http://127.0.0.1:1", false)) {
            String answer = exchange(h.proxy.port("main"), request);
            assertTrue(answer.startsWith("HTTP/1.1 502 "), "relayed to the (absent) upstream: " + answer);
        }
        try (ProxyHarness h = proxy("http://127.0.0.1:1", true)) {
            unavailable = null;
            String answer = exchange(h.proxy.port("main"), request);
            assertTrue(answer.startsWith("HTTP/1.1 502 "), answer);
            assertTrue(events.get(0) instanceof TapEvent.SessionStarted);
        }
    }
}
