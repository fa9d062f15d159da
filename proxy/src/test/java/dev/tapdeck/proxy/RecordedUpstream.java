package dev.tapdeck.proxy;

import dev.tapdeck.protocol.corpus.RecordedExchange;
import dev.tapdeck.protocol.corpus.Recording;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake WinRM server that answers each request with the next recorded response, in order, byte for byte
 * (RelatesTo as recorded), with the recorded HTTP status; where the recording has no response it drops the
 * connection, as the real server did.
 */
final class RecordedUpstream implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger next = new AtomicInteger();

    RecordedUpstream(Vertx vertx, Recording recording) throws Exception {
        List<RecordedExchange> exchanges = recording.exchanges();
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            int i = next.getAndIncrement();
            RecordedExchange e = i < exchanges.size() ? exchanges.get(i) : null;
            if (e == null || !e.hasResponse()) {
                req.connection().close();
                return;
            }
            req.response().setStatusCode(e.transportErrorCode() == null ? 200 : e.transportErrorCode())
                    .putHeader("Content-Type", "application/soap+xml;charset=UTF-8").end(Buffer.buffer(e.response()));
        }));
        server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }

    @Override
    public void close() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
    }
}
