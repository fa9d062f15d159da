package dev.tapdeck.samples.plugins;

import dev.tapdeck.proxy.plugin.AuditPlugin;
import dev.tapdeck.proxy.plugin.PluginContext;
import dev.tapdeck.recorder.AuditFormat;
import dev.tapdeck.recorder.TapEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts each audit record as JSON (the audit-log line, recorder/FORMAT.md) to an HTTP endpoint, one at a
 * time and in order, with Vert.x Web Client. A failed post (no answer, or not 2xx) is retried with
 * exponential back-off up to {@code maxBackoffMillis}, forever: records wait in a bounded queue. When the
 * queue is full the oldest record is dropped, and that is said on stderr (which record) and counted
 * ({@link #dropped()}); the next post carries the count so far in {@code X-Tapdeck-Dropped}.
 * <pre>{"name": "webhook", "settings": {"url": "http://audit.example:8080/tapdeck", "maxQueue": 10000,
 *  "initialBackoffMillis": 250, "maxBackoffMillis": 30000, "timeoutMillis": 10000}}</pre>
 */
public final class WebhookPlugin implements AuditPlugin {
    private Vertx vertx;
    private Context context;
    private WebClient client;
    private URI url;
    private int maxQueue;
    private long initialBackoff;
    private long maxBackoff;
    private long timeout;
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private boolean posting;
    private long backoff;
    private boolean stopped;

    /** One waiting post: the record's JSON and how to name it when it is dropped. */
    private record Item(String label, Buffer body) {
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public void start(PluginContext ctx) {
        String u = ctx.settings().getString("url");
        if (u == null) {
            throw new IllegalArgumentException("webhook: settings.url is missing");
        }
        url = URI.create(u);
        if (url.getHost() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
            throw new IllegalArgumentException("webhook: settings.url must be an http(s) URL: " + u);
        }
        maxQueue = ctx.settings().getInteger("maxQueue", 10_000);
        initialBackoff = ctx.settings().getLong("initialBackoffMillis", 250L);
        maxBackoff = ctx.settings().getLong("maxBackoffMillis", 30_000L);
        timeout = ctx.settings().getLong("timeoutMillis", 10_000L);
        vertx = ctx.vertx();
        client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true));
        backoff = initialBackoff;
    }

    /** Called on the proxy's event loop: queue, then post when nothing is in flight. */
    @Override
    public void onAudit(TapEvent.CommandAudited audit) {
        if (context == null) {
            context = vertx.getOrCreateContext();
        }
        if (queue.size() >= maxQueue) {
            Item lost = queue.poll();
            long n = dropped.incrementAndGet();
            System.err.println("tapdeck webhook: queue full (maxQueue " + maxQueue + "), dropped the oldest waiting "
                    + "audit record (" + lost.label() + "); " + n + " dropped so far");
        }
        String label = audit.record().kind() + " shell " + audit.record().shellId() + " command "
                + audit.record().commandId() + " of session " + audit.sessionId();
        queue.add(new Item(label, Buffer.buffer(AuditFormat.toJson(audit).toString())));
        pump();
    }

    private void pump() {
        if (posting || stopped || queue.isEmpty()) {
            return;
        }
        posting = true;
        Item item = queue.peek();
        client.postAbs(url.toString()).timeout(timeout).putHeader("Content-Type", "application/json")
                .putHeader("X-Tapdeck-Dropped", String.valueOf(dropped.get()))
                .sendBuffer(item.body()).onComplete(ar -> {
                    posting = false;
                    if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
                        if (queue.peek() == item) {
                            queue.poll(); // else it was dropped while in flight
                        }
                        delivered.incrementAndGet();
                        backoff = initialBackoff;
                        pump();
                    } else {
                        long wait = backoff;
                        backoff = Math.min(maxBackoff, backoff * 2);
                        vertx.setTimer(wait, t -> pump());
                    }
                });
    }

    /** Records dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Records the endpoint accepted. */
    public long delivered() {
        return delivered.get();
    }

    @Override
    public void stop() {
        stopped = true;
        if (!queue.isEmpty()) {
            System.err.println("tapdeck webhook: stopped with " + queue.size() + " audit record(s) not delivered");
        }
        if (client != null) {
            client.close();
        }
    }
}
