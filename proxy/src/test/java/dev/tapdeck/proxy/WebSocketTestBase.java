package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Policy;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/** A fresh Vert.x and event collector per test, and the one-route WebSocket configuration the tests use. */
abstract class WebSocketTestBase {
    protected Vertx vertx;
    protected final CollectingSink sink = new CollectingSink();

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stopVertx() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** A listener on a free port whose route "/" goes to {@code ws://127.0.0.1:upstreamPort}. */
    static ProxyConfig config(int upstreamPort, Policy policy) {
        return ProxyConfig.single("127.0.0.1", 0, URI.create("ws://127.0.0.1:" + upstreamPort), policy, null);
    }
}
