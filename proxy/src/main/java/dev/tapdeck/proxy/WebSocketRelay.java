package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.ws.HandshakeChecker;
import dev.tapdeck.protocol.ws.HandshakeOutcome;
import dev.tapdeck.protocol.ws.HandshakeRequest;
import dev.tapdeck.protocol.ws.HandshakeResponse;
import dev.tapdeck.protocol.ws.WsLimits;
import dev.tapdeck.protocol.ws.WsRule;
import dev.tapdeck.recorder.HttpHead;
import dev.tapdeck.recorder.TapEvent;
import dev.tapdeck.recorder.TapEvent.Verdict;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Relays WebSocket opening handshakes of one route (RFC 6455 4) and hands each upgraded connection to a
 * {@link WsConnection}. Vert.x's WebSocket codec is never used (vert.x#4956, vertx-http-proxy#41: it would
 * negotiate extensions on each leg by itself): the request goes upstream with its header fields unchanged
 * through {@code HttpClientRequest.connect()}, and the upstream's answer goes back with its own fields,
 * through {@code HttpServerRequest.toNetSocket()} for a 101, as a plain response otherwise.
 * <p>
 * A request without {@code Upgrade: websocket} is answered 400: a WebSocket route relays nothing else; so is
 * one without {@code Connection: Upgrade}, whose connection Vert.x would not hand over as raw bytes.
 */
final class WebSocketRelay {
    private static final String TEXT = "text/plain;charset=UTF-8";

    private final Vertx vertx;
    private final ProxyConfig config;
    private final ProxyConfig.Route route;
    private final HttpClientAgent client;
    private final ProxyClock clock;
    /** TLS toward the upstream (its trust store, host name check), null for http:// and ws://. */
    private final io.vertx.core.net.ClientSSLOptions upstreamSsl;
    private final WsLimits limits;
    private final WsPlugins plugins;

    WebSocketRelay(Vertx vertx, ProxyConfig config, ProxyConfig.Route route, HttpClientAgent client, ProxyClock clock,
                   WsLimits limits) {
        this(vertx, config, route, client, clock, limits, new WsPlugins(List.of(), null));
    }

    WebSocketRelay(Vertx vertx, ProxyConfig config, ProxyConfig.Route route, HttpClientAgent client, ProxyClock clock,
                   WsLimits limits, WsPlugins plugins) {
        this.plugins = plugins;
        this.vertx = vertx;
        this.config = config;
        this.route = route;
        this.client = client;
        this.clock = clock;
        this.upstreamSsl = route.tls() ? route.upstreamTls().clientOptions() : null;
        this.limits = limits;
    }

    void handle(ClientSession session, HttpServerRequest req) {
        session.startIfNeeded("websocket", route, config.redact());
        Exchange x = new Exchange(session, req, session.nextExchange());
        if (!x.request.headers().listContains("Upgrade", "websocket")) {
            x.answer(400, "Tapdeck: " + route.pathPrefix() + " is a WebSocket route; send a GET with "
                    + "'Upgrade: websocket' and 'Connection: Upgrade' (RFC 6455 4.1)", List.of(), Verdict.SYNTHESIZED);
            return;
        }
        List<Violation> faults = HandshakeChecker.checkRequest(x.request);
        if (!x.request.headers().listContains("Connection", "Upgrade")) {
            // Vert.x switches a connection to raw bytes only for "Connection: Upgrade": a 101 could not be relayed
            x.answer(400, "Tapdeck cannot relay this upgrade: the request lacks 'Connection: Upgrade' (RFC 6455 4.1, "
                    + WsRule.REQUEST_CONNECTION_NOT_UPGRADE.id() + ")", faults, Verdict.SYNTHESIZED);
            return;
        }
        Optional<Violation> blocking = config.policy().firstBlocking(faults);
        if (blocking.isPresent()) {
            x.answer(400, "Tapdeck policy blocked this upgrade request: " + describe(blocking.get()), faults, Verdict.BLOCKED);
            return;
        }
        session.tunnelOpened();
        x.stopWatching = session.onClientGone(x::clientGone);
        req.pause();
        x.timer = vertx.setTimer(config.upstreamIdleTimeout().toMillis(), t -> x.upstreamFailed(504,
                "no answer to the upgrade request within " + config.upstreamIdleTimeout().toSeconds() + " s"));
        client.connect(new HttpConnectOptions()
                        .setHost(route.upstream().getHost())
                        .setPort(route.upstreamPort())
                        .setSsl(route.tls())
                        .setSslOptions(upstreamSsl)
                        .setConnectTimeout(config.connectTimeout().toMillis()))
                .compose(conn -> {
                    x.upstreamOpen = session.counters.upstreamConnection();
                    conn.closeHandler(v -> x.upstreamOpen.run());
                    x.connection = conn;
                    if (x.done) {
                        conn.close(); // the timeout answered the client already
                    }
                    return conn.request(new RequestOptions()
                            .setMethod(req.method())
                            .setURI(route.upstreamTarget(req.uri()))
                            .setHeaders(HttpHeads.copy(req.headers())));
                })
                // connect(): the head goes out as given; a 101 turns the connection into a raw socket
                // failures arrive through the future; the handler only keeps Vert.x from logging them too
                .compose(up -> up.exceptionHandler(err -> { }).connect())
                .onComplete(ar -> {
                    if (ar.failed()) {
                        x.upstreamFailed(502, describe(ar.cause()) + UpstreamErrors.hint(ar.cause()));
                    } else if (ar.result().statusCode() == HandshakeResponse.SWITCHING_PROTOCOLS) {
                        x.upgraded(ar.result());
                    } else {
                        x.refused(ar.result());
                    }
                });
    }

    /** One handshake in flight. */
    private final class Exchange {
        final ClientSession session;
        final HttpServerRequest req;
        final int number;
        final HandshakeRequest request;
        final HttpHead requestHead;
        final ResourceCounters.Exchange held;
        HttpClientConnection connection;
        /** Gives the upstream connection's count back (its close after the 101 is seen by the tunnel). */
        Runnable upstreamOpen = () -> { };
        Runnable stopWatching = () -> { };
        long timer = -1;
        boolean done;

        Exchange(ClientSession session, HttpServerRequest req, int number) {
            this.session = session;
            this.req = req;
            this.number = number;
            this.held = session.exchange();
            List<Map.Entry<String, String>> headers = HttpHeads.entries(req.headers());
            this.requestHead = HttpHead.request(req.method().name(), req.uri(), HttpHeads.versionOf(req.version()), headers);
            this.request = WsHandshakes.request(requestHead);
        }

        /** Claims the exchange for one outcome: the timeout and the upstream's answer race. */
        private boolean claim() {
            if (done) {
                return false;
            }
            done = true;
            vertx.cancelTimer(timer);
            stopWatching.run();
            return true;
        }

        /**
         * The client closed its connection while the upgrade was on its way: the upstream connection goes too,
         * and nothing is taken over later (a closed connection cannot become a socket: Vert.x would fail
         * inside {@code toNetSocket()} with "NoSuchElementException: httpDecoder" and leak the upstream).
         */
        void clientGone() {
            if (!claim()) {
                return;
            }
            if (connection != null) {
                connection.close();
            }
            transportFailed("client-aborted", "the client closed its connection before the upgrade was answered");
            held.release();
            session.tunnelClosed("client closed the connection during the upgrade");
        }

        void upgraded(HttpClientResponse up) {
            if (!claim()) {
                up.netSocket().close();
                upstreamOpen.run();
                return;
            }
            NetSocket upstream = up.netSocket();
            upstream.pause(); // bytes after the 101 belong to the frame stream: keep them for the relay
            List<Map.Entry<String, String>> headers = HttpHeads.entries(up.headers());
            HttpHead responseHead = HttpHead.response(up.statusCode(), HttpHeads.versionOf(up.version()), headers);
            HandshakeOutcome outcome = HandshakeChecker.check(request, WsHandshakes.response(responseHead));
            Optional<Violation> blocking = config.policy().firstBlocking(outcome.violations());
            if (blocking.isPresent()) {
                upstream.close();
                upstreamOpen.run();
                emit(responseHead, new byte[0], false, outcome, Verdict.BLOCKED);
                reply(502, "Tapdeck policy refused the upstream's 101: " + describe(blocking.get()));
                session.tunnelClosed(null);
                return;
            }
            // the upstream's fields as they came (Sec-WebSocket-Accept, -Protocol, -Extensions unchanged)
            headers.forEach(h -> req.response().headers().add(h.getKey(), h.getValue()));
            emit(responseHead, new byte[0], true, outcome, Verdict.FORWARDED);
            takeOver().onComplete(ar -> {
                held.release();
                if (ar.succeeded()) {
                    ar.result().pause();
                    Runnable tunnel = session.counters.tunnel();
                    new WsConnection(vertx, session, number, ar.result(), upstream, outcome.extensionsInUse(),
                            limits, config.policy(), clock, plugins, () -> {
                                upstreamOpen.run();
                                tunnel.run();
                            }).start();
                    return;
                }
                upstream.close();
                upstreamOpen.run();
                String detail = "the 101 could not go to the client: " + describe(ar.cause());
                transportFailed("client-aborted", detail);
                boolean answered = !req.response().headWritten();
                if (answered) {
                    req.response().headers().clear();
                    reply(502, "Tapdeck: " + detail);
                }
                session.tunnelClosed(answered ? null : "client connection lost during the upgrade");
            });
        }

        /** The client's connection as a raw socket, after the 101 head went out; a failure, never a throw. */
        private io.vertx.core.Future<NetSocket> takeOver() {
            try {
                return req.toNetSocket();
            } catch (RuntimeException e) {
                // Vert.x fails inside the call (not through the future) when the connection closed meanwhile
                return io.vertx.core.Future.failedFuture(e);
            }
        }

        void refused(HttpClientResponse up) {
            if (!claim()) {
                connection.close();
                return;
            }
            Buffer body = Buffer.buffer();
            boolean[] over = {false};
            up.handler(chunk -> {
                if (!over[0] && (long) body.length() + chunk.length() > config.bodyLimit()) {
                    over[0] = true;
                    transportFailed("response-over-limit", "the refusal's body exceeds the body limit of "
                            + config.bodyLimit() + " bytes: both connections closed");
                    connection.close();
                    req.connection().close();
                    held.release();
                    session.tunnelClosed(null);
                } else if (!over[0]) {
                    body.appendBuffer(chunk);
                    held.buffered(chunk.length());
                }
            });
            up.exceptionHandler(err -> {
                if (!over[0] && !req.response().ended()) {
                    over[0] = true;
                    transportFailed("upstream-failed", "upstream failed during its refusal: " + describe(err));
                    req.connection().close();
                    held.release();
                    session.tunnelClosed(null);
                }
            });
            up.endHandler(v -> {
                if (over[0]) {
                    return;
                }
                List<Map.Entry<String, String>> headers = HttpHeads.entries(up.headers());
                HttpHead responseHead = HttpHead.response(up.statusCode(), HttpHeads.versionOf(up.version()), headers);
                emit(responseHead, body.getBytes(), false,
                        HandshakeChecker.check(request, WsHandshakes.response(responseHead)), Verdict.FORWARDED);
                session.bytesFromServer += body.length();
                req.resume();
                // relayed unchanged: status, reason, fields in order, body
                req.response().setStatusCode(up.statusCode());
                if (up.statusMessage() != null) {
                    req.response().setStatusMessage(up.statusMessage());
                }
                headers.forEach(h -> req.response().headers().add(h.getKey(), h.getValue()));
                req.response().end(body);
                held.release();
                connection.close();
                session.tunnelClosed(null);
            });
        }

        void upstreamFailed(int status, String detail) {
            if (!claim()) {
                return;
            }
            if (connection != null) {
                connection.close();
            }
            String text = "upstream " + route.upstream() + " failed: " + detail;
            transportFailed("upstream-failed", text);
            answer(status, "Tapdeck: " + text, List.of(), Verdict.SYNTHESIZED);
            session.tunnelClosed(null);
        }

        /** The proxy answers the upgrade request itself. */
        void answer(int status, String text, List<Violation> violations, Verdict verdict) {
            byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
            HttpHead head = HttpHead.response(status, "HTTP/1.1", List.of(Map.entry("Content-Type", TEXT)));
            session.emit(seq -> new TapEvent.WsHandshakeRelayed(session.sessionId, seq, session.offset(), number,
                    requestHead, head, bytes, false, null, List.of(), violations, verdict));
            reply(status, text);
        }

        private void reply(int status, String text) {
            held.release();
            req.resume();
            req.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, TEXT).end(text + "\n");
        }

        private void emit(HttpHead response, byte[] body, boolean upgraded, HandshakeOutcome outcome, Verdict verdict) {
            WsHandshakes.emit(session, number, requestHead, response, body, upgraded, outcome, verdict);
        }

        private void transportFailed(String what, String detail) {
            session.emit(seq -> new TapEvent.TransportFailed(session.sessionId, seq, session.offset(), number, what, detail));
        }
    }

    private static String describe(Violation v) {
        return v.rule().id() + " (" + v.rule().section() + "): " + v.rule().description() + "; " + v.detail();
    }

    private static String describe(Throwable err) {
        return UpstreamErrors.describe(err);
    }
}
