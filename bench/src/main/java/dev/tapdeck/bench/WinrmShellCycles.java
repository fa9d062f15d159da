package dev.tapdeck.bench;

import dev.tapdeck.protocol.wsman.CommandState;
import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.samples.winrm.WinrmServer;
import dev.tapdeck.samples.winrm.WsmanRequests;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * WinRM shells one after the other, as a load: Create, Command {@code type}, Sends of stdin (the last with
 * End), Receives until Done, Delete, again, until told to stop. Each exchange is counted, each failed shell
 * too. Shared by {@link RecorderLoad} and {@link Soak}; run {@link #cycle} on the client's event loop.
 */
final class WinrmShellCycles {
    private final HttpClientAgent http;
    private final int port;
    private final int sends;
    private final byte[] stdin;
    private final WsmanRequests requests;
    private final EnvelopeReader reader = new EnvelopeReader();
    final AtomicLong exchanges = new AtomicLong();
    final AtomicLong failures = new AtomicLong();

    WinrmShellCycles(HttpClientAgent http, int port, int sends, int stdinBytes) {
        this.http = http;
        this.port = port;
        this.sends = sends;
        this.stdin = "x".repeat(stdinBytes).getBytes(StandardCharsets.US_ASCII);
        this.requests = new WsmanRequests("http://127.0.0.1:" + port + WinrmServer.PATH);
    }

    /** One shell after the other on this loop, until {@code stop} says so; then counts {@code done} down. */
    void cycle(BooleanSupplier stop, CountDownLatch done) {
        if (stop.getAsBoolean()) {
            done.countDown();
            return;
        }
        String[] ids = new String[2];
        post(requests.create(id()))
                .compose(b -> {
                    ids[0] = ((WsmanBody.CreateResponse) b).shellId();
                    return post(requests.command(id(), ids[0], "type"));
                })
                .compose(b -> {
                    ids[1] = ((WsmanBody.CommandResponse) b).commandId();
                    return sendAll(ids[0], ids[1], 1);
                })
                .compose(v -> receiveUntilDone(ids[0], ids[1], 0))
                .compose(v -> post(requests.delete(id(), ids[0])))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        failures.incrementAndGet();
                    }
                    cycle(stop, done);
                });
    }

    private Future<WsmanBody> sendAll(String shellId, String commandId, int n) {
        Future<WsmanBody> sent = post(requests.send(id(), shellId, commandId, stdin, n == sends));
        return n == sends ? sent : sent.compose(b -> sendAll(shellId, commandId, n + 1));
    }

    private Future<WsmanBody> receiveUntilDone(String shellId, String commandId, int attempt) {
        return post(requests.receive(id(), shellId, commandId)).compose(b -> {
            boolean finished = b instanceof WsmanBody.ReceiveResponse r
                    && r.commandStates().stream().map(CommandState::shortState).anyMatch("Done"::equals);
            return finished || attempt > 50 ? Future.succeededFuture(b) : receiveUntilDone(shellId, commandId, attempt + 1);
        });
    }

    private Future<WsmanBody> post(byte[] envelope) {
        return http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                        .setURI(WinrmServer.PATH).putHeader("Content-Type", WsmanRequests.CONTENT_TYPE))
                .compose(req -> req.send(Buffer.buffer(envelope)))
                .compose(resp -> resp.body().map(body -> {
                    exchanges.incrementAndGet();
                    EnvelopeDecoded d = reader.read(body.getBytes());
                    if (resp.statusCode() != 200 || !(d instanceof EnvelopeDecoded.EnvelopeParsed p)) {
                        throw new IllegalStateException("HTTP " + resp.statusCode() + ": " + body);
                    }
                    return p.envelope().body();
                }));
    }

    private static String id() {
        return "uuid:" + UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }
}
