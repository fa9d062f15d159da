package dev.tapdeck.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A WinRM upstream whose answers a test scripts: every request is recorded byte for byte, and the
 * script returns the response (or a future of it, to hold a response until the test releases it).
 */
final class ScriptedUpstream implements AutoCloseable {
    record Received(String method, String uri, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    record Reply(int status, String contentType, byte[] body) {
        static Reply soap(String xml) {
            return new Reply(200, "application/soap+xml;charset=UTF-8", Envelopes.bytes(xml));
        }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    ScriptedUpstream(Vertx vertx, Function<Received, Future<Reply>> script) throws Exception {
        server = vertx.createHttpServer().requestHandler(req -> handle(req, script));
        server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    private void handle(HttpServerRequest req, Function<Received, Future<Reply>> script) {
        req.body().onSuccess(body -> {
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            req.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
            Received r = new Received(req.method().name(), req.uri(), headers, body.getBytes());
            received.add(r);
            script.apply(r).onSuccess(reply -> req.response().setStatusCode(reply.status())
                    .putHeader("Content-Type", reply.contentType()).putHeader("X-Upstream", "scripted")
                    .end(Buffer.buffer(reply.body())));
        });
    }

    private static final java.util.regex.Pattern MESSAGE_ID = java.util.regex.Pattern.compile("<wsa:MessageID>([^<]+)</wsa:MessageID>");

    /** The MessageID of a request written by {@link Envelopes}, for the RelatesTo of its answer. */
    static String messageId(String request) {
        java.util.regex.Matcher m = MESSAGE_ID.matcher(request);
        return m.find() ? m.group(1) : "uuid:none";
    }

    int port() {
        return server.actualPort();
    }

    static Future<Reply> now(Reply reply) {
        return Future.succeededFuture(reply);
    }

    static Promise<Reply> later() {
        return Promise.promise();
    }

    @Override
    public void close() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
    }
}
