package dev.tapdeck.samples.winrm;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/** Starts and stops emulated hosts for tests, on port 0, with bounded waits. */
final class TestServers {
    private TestServers() {
    }

    static WinrmServer start(Vertx vertx, WinrmServerOptions options) throws Exception {
        return await(new WinrmServer(options.host("127.0.0.1").port(0)).start(vertx));
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static void close(Vertx vertx) throws Exception {
        if (vertx != null) {
            await(vertx.close());
        }
    }
}
