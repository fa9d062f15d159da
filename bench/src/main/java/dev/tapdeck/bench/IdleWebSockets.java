package dev.tapdeck.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Idle WebSocket connections through a proxy, opened a bounded number at a time (a slow proxy must not see
 * thousands of handshakes at once), held open while the proxy's memory is read, then closed.
 */
final class IdleWebSockets implements AutoCloseable {
    private static final int IN_FLIGHT = 100;
    private static final long HANDSHAKE_TIMEOUT_MS = 30_000;

    private final Vertx vertx;
    private final WebSocketClient client;
    private final List<WebSocket> open = new ArrayList<>();
    private int failed;

    IdleWebSockets(Vertx vertx) {
        this.vertx = vertx;
        this.client = WsEchoLoad.client(vertx);
    }

    /** Opens connections until {@code total} are open (or have failed); returns how many are open. */
    int openUntil(URI url, int total) throws InterruptedException {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<WebSocket> opened = java.util.Collections.synchronizedList(new ArrayList<>());
        int[] failures = {0};
        int wanted = total - open.size();
        for (int i = 0; i < wanted; i++) {
            slots.acquire();
            // a proxy out of descriptors may never answer an upgrade: a slot is given back after the timeout
            java.util.concurrent.atomic.AtomicBoolean settled = new java.util.concurrent.atomic.AtomicBoolean();
            long timer = vertx.setTimer(HANDSHAKE_TIMEOUT_MS, t -> {
                if (settled.compareAndSet(false, true)) {
                    synchronized (failures) {
                        failures[0]++;
                    }
                    slots.release();
                }
            });
            client.connect(WsEchoLoad.connectOptions(url)).onComplete(ar -> {
                vertx.cancelTimer(timer);
                if (!settled.compareAndSet(false, true)) {
                    if (ar.succeeded()) {
                        ar.result().close(); // answered after its timeout: not counted as open
                    }
                    return;
                }
                if (ar.succeeded()) {
                    opened.add(ar.result());
                } else {
                    synchronized (failures) {
                        failures[0]++;
                    }
                }
                slots.release();
            });
        }
        slots.acquire(IN_FLIGHT);
        open.addAll(opened);
        synchronized (failures) {
            failed += failures[0];
        }
        return open.size();
    }

    int failed() {
        return failed;
    }

    @Override
    public void close() {
        List<Future<Void>> closing = new ArrayList<>();
        for (WebSocket ws : open) {
            Promise<Void> p = Promise.promise();
            ws.close().onComplete(ar -> p.complete());
            closing.add(p.future());
        }
        try {
            Future.join(closing).await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the next path's connections do not depend on these being closed cleanly
        }
        open.clear();
        client.close();
    }
}
