package dev.tapdeck.bench;

import dev.tapdeck.protocol.wsman.CommandState;
import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.samples.winrm.WsmanRequests;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * N concurrent WinRM cmd shells, each living again and again until the window stops: Create, Command, Sends of
 * stdin (the last with End), Receives until Done, Delete. Every HTTP exchange is timed into the {@link Window}.
 * With {@code type} as the command the server echoes the stdin, so the Receive carries it back.
 */
final class WinrmShells {
    /** The shape of one shell's work. */
    record Shape(String command, int sends, int stdinBytes) {
        static Shape fromArgs(String[] args) {
            return new Shape(Args.string(args, "--command", "type"), Args.integer(args, "--sends", 3),
                    Args.integer(args, "--stdin-bytes", 2100)); // a ~3 KB Send envelope once base64'd
        }
    }

    private final HttpClientAgent http;
    private final URI endpoint;
    private final Shape shape;
    private final byte[] stdin;
    private final WsmanRequests requests;
    private final Window window;
    private final EnvelopeReader reader = new EnvelopeReader();

    private WinrmShells(HttpClientAgent http, URI endpoint, Shape shape, Window window) {
        this.http = http;
        this.endpoint = endpoint;
        this.shape = shape;
        this.stdin = "x".repeat(shape.stdinBytes()).getBytes(StandardCharsets.US_ASCII);
        this.requests = new WsmanRequests(endpoint.toString());
        this.window = window;
    }

    /**
     * Starts {@code shells} shells against {@code endpoint} (e.g. {@code http://127.0.0.1:5985/wsman}) on a client
     * of its own; completes when the window has stopped and every shell has finished its cycle.
     */
    static Future<Void> run(Vertx vertx, URI endpoint, int shells, Shape shape, Window window) {
        HttpClientAgent http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(shells));
        WinrmShells load = new WinrmShells(http, endpoint, shape, window);
        List<Future<Void>> all = new ArrayList<>();
        for (int i = 0; i < shells; i++) {
            Promise<Void> done = Promise.promise();
            vertx.runOnContext(v -> load.cycle(done));
            all.add(done.future());
        }
        return Future.join(all).<Void>mapEmpty().eventually(http::close);
    }

    /** One shell after the other on this context, until the window stops. */
    private void cycle(Promise<Void> done) {
        if (window.stopped()) {
            done.complete();
            return;
        }
        String[] ids = new String[2];
        post(requests.create(id()))
                .compose(b -> {
                    ids[0] = ((WsmanBody.CreateResponse) b).shellId();
                    return post(requests.command(id(), ids[0], shape.command()));
                })
                .compose(b -> {
                    ids[1] = ((WsmanBody.CommandResponse) b).commandId();
                    return sendAll(ids[0], ids[1], 1);
                })
                .compose(v -> receiveUntilDone(ids[0], ids[1], 0))
                .compose(v -> post(requests.delete(id(), ids[0])))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        window.failed();
                    }
                    cycle(done);
                });
    }

    private Future<WsmanBody> sendAll(String shellId, String commandId, int n) {
        boolean last = n >= shape.sends();
        Future<WsmanBody> sent = post(requests.send(id(), shellId, commandId, stdin, last));
        return last ? sent : sent.compose(b -> sendAll(shellId, commandId, n + 1));
    }

    private Future<WsmanBody> receiveUntilDone(String shellId, String commandId, int attempt) {
        return post(requests.receive(id(), shellId, commandId)).compose(b -> {
            boolean finished = b instanceof WsmanBody.ReceiveResponse r
                    && r.commandStates().stream().map(CommandState::shortState).anyMatch("Done"::equals);
            return finished || attempt > 50 ? Future.succeededFuture(b) : receiveUntilDone(shellId, commandId, attempt + 1);
        });
    }

    private Future<WsmanBody> post(byte[] envelope) {
        long start = System.nanoTime();
        return http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(endpoint.getHost())
                        .setPort(endpoint.getPort()).setURI(endpoint.getRawPath())
                        .putHeader("Content-Type", WsmanRequests.CONTENT_TYPE))
                .compose(req -> req.send(Buffer.buffer(envelope)))
                .compose(resp -> resp.body().map(body -> {
                    EnvelopeDecoded d = reader.read(body.getBytes());
                    if (resp.statusCode() != 200 || !(d instanceof EnvelopeDecoded.EnvelopeParsed p)) {
                        throw new IllegalStateException("HTTP " + resp.statusCode() + ": " + body);
                    }
                    window.completed(start, envelope.length, body.length());
                    return p.envelope().body();
                }));
    }

    private static String id() {
        return "uuid:" + UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }
}
