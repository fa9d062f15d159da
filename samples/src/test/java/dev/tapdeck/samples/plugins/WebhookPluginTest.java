package dev.tapdeck.samples.plugins;

import dev.tapdeck.protocol.session.AuditRecord;
import dev.tapdeck.protocol.session.Requester;
import dev.tapdeck.proxy.plugin.PluginContext;
import dev.tapdeck.recorder.TapEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 8 acceptance, webhook: every audit record reaches a test HTTP server in order, including the ones
 * made while the server was not listening at all and then answered 503; a full queue drops the oldest
 * records and says how many in the next post.
 */
class WebhookPluginTest {
    private Vertx vertx;
    private Context context;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    private static TapEvent.CommandAudited audit(int n) {
        AuditRecord r = new AuditRecord(AuditRecord.Kind.WINRS_COMMAND, "SHELL", "CMD-" + n, null,
                "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd", "cmd", Requester.UNKNOWN, List.of(), null,
                "echo", List.of(String.valueOf(n)), AuditRecord.Input.NONE, List.of(), List.of(),
                new AuditRecord.Outcome("Done", 0L, List.of()), true, null);
        return new TapEvent.CommandAudited("session", n, 0, 1_700_000_000_000L, "http://winhost:5985", r);
    }

    private WebhookPlugin webhook(int port, int maxQueue) throws Exception {
        WebhookPlugin w = new WebhookPlugin();
        w.start(new PluginContext(vertx, new JsonObject().put("url", "http://127.0.0.1:" + port + "/audit")
                .put("maxQueue", maxQueue).put("initialBackoffMillis", 20).put("maxBackoffMillis", 100)));
        return w;
    }

    /** Audits {@code from..to} on the proxy-like event loop, as the proxy calls audit plug-ins. */
    private void emit(WebhookPlugin w, int from, int to) {
        context.runOnContext(v -> {
            for (int i = from; i <= to; i++) {
                w.onAudit(audit(i));
            }
        });
    }

    private static int freePort(Vertx vertx) throws Exception {
        HttpServer probe = vertx.createHttpServer().requestHandler(r -> r.response().end());
        int port = probe.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
        probe.close().await(10, TimeUnit.SECONDS);
        return port;
    }

    @Test
    void everyRecordArrivesInOrderAfterTheServerWasDownForAWhile() throws Exception {
        int port = freePort(vertx);
        WebhookPlugin w = webhook(port, 100);
        emit(w, 1, 3); // nothing listens: connection refused, retried with back-off
        Thread.sleep(300); // let a few attempts fail (not an assertion: the outcome is checked below)

        List<String> accepted = new CopyOnWriteArrayList<>();
        AtomicInteger unavailable = new AtomicInteger(2);
        vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            if (unavailable.getAndDecrement() > 0) {
                req.response().setStatusCode(503).end(); // up, but not ready: still retried
                return;
            }
            accepted.add(new JsonObject(body).getString("commandId"));
            req.response().setStatusCode(204).end();
        })).listen(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
        emit(w, 4, 5);

        // the server counts a record when it answers, the plug-in when the answer reaches it: wait for both
        waitUntil(() -> accepted.size() >= 5 && w.delivered() >= 5);
        assertEquals(List.of("CMD-1", "CMD-2", "CMD-3", "CMD-4", "CMD-5"), accepted, "every record, once, in order");
        assertEquals(0, w.dropped());
        assertEquals(5, w.delivered());
        w.stop();
    }

    @Test
    void aFullQueueDropsTheOldestAndSaysSo() throws Exception {
        int port = freePort(vertx);
        WebhookPlugin w = webhook(port, 2);
        emit(w, 1, 5);
        waitUntil(() -> w.dropped() == 3);
        List<String> accepted = new CopyOnWriteArrayList<>();
        List<String> droppedHeaders = new CopyOnWriteArrayList<>();
        vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            accepted.add(new JsonObject(body).getString("commandId"));
            droppedHeaders.add(req.getHeader("X-Tapdeck-Dropped"));
            req.response().setStatusCode(200).end();
        })).listen(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
        waitUntil(() -> accepted.size() >= 2);
        assertEquals(List.of("CMD-4", "CMD-5"), accepted, "the newest records are kept");
        assertEquals("3", droppedHeaders.get(0));
        w.stop();
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 20 s");
            }
            Thread.sleep(10);
        }
    }
}
