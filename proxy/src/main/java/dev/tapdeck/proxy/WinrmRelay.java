package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.session.AuditRecord;
import dev.tapdeck.protocol.session.Requester;
import dev.tapdeck.protocol.session.TapResult;
import dev.tapdeck.protocol.session.WsmanTap;
import dev.tapdeck.protocol.wsman.WsmanFaultWriter;
import dev.tapdeck.protocol.wsman.XsDuration;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.HttpHead;
import dev.tapdeck.recorder.TapEvent;
import dev.tapdeck.recorder.TapEvent.Verdict;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Relays WinRM HTTP exchanges of one route: reads the request body up to the limit, lets the tap decode a
 * copy and the policy decide, forwards the original bytes on the client's own upstream connection, and
 * relays the response the same way (design "The flow of one exchange").
 */
final class WinrmRelay {
    private static final String SOAP = "application/soap+xml;charset=UTF-8";
    /** The session id of audit records handed over when the proxy stops. */
    static final String STOP_SESSION = "proxy-stop";

    private final ProxyConfig config;
    private final ProxyConfig.Route route;
    private final WsmanTap tap;
    private final HttpClientAgent client;
    private final ProxyClock clock;
    private final String upstreamKey;

    WinrmRelay(ProxyConfig config, ProxyConfig.Route route, WsmanTap tap, HttpClientAgent client, ProxyClock clock) {
        this.config = config;
        this.route = route;
        this.tap = tap;
        this.client = client;
        this.clock = clock;
        this.upstreamKey = route.upstream().getScheme() + "://" + route.upstream().getHost() + ":" + route.upstreamPort();
    }

    WsmanTap tap() {
        return tap;
    }

    void handle(ClientSession session, HttpServerRequest req) {
        session.startIfNeeded("winrm", route.upstream().toString(), TapdeckProxy.VERSION, config.redact());
        int exchange = session.nextExchange();
        String contentLength = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (contentLength != null && parseLong(contentLength) > config.bodyLimit()) {
            rejectTooLarge(session, req, exchange, parseLong(contentLength));
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] over = {false};
        req.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if ((long) body.length() + chunk.length() > config.bodyLimit()) {
                over[0] = true;
                rejectTooLarge(session, req, exchange, (long) body.length() + chunk.length());
            } else {
                body.appendBuffer(chunk);
            }
        });
        req.exceptionHandler(err -> session.emit(seq -> new TapEvent.TransportFailed(session.sessionId, seq,
                session.offset(), exchange, "client-aborted", "client connection failed mid-request: " + err.getMessage())));
        req.endHandler(v -> {
            if (!over[0]) {
                onRequest(session, req, exchange, body);
            }
        });
    }

    private void onRequest(ClientSession session, HttpServerRequest req, int exchange, Buffer body) {
        byte[] bytes = body.getBytes();
        session.bytesFromClient += bytes.length;
        session.authenticated(req.getHeader(HttpHeaders.AUTHORIZATION));
        TapResult request = tap.inspectRequest(req.getHeader(HttpHeaders.CONTENT_TYPE), bytes,
                new Requester(session.client, session.user()));
        HttpHead head = requestHead(req);
        Verdict verdict = request.blocked() ? Verdict.BLOCKED : Verdict.FORWARDED;
        session.emit(seq -> new TapEvent.HttpMessageCaptured(session.sessionId, seq, session.offset(), exchange,
                Direction.CLIENT_TO_SERVER, head, bytes, WinrmAnnotation.of(request),
                request.violations(), verdict));
        if (request.blocked()) {
            block(session, req, exchange, request, request.blockedBy().get());
            return;
        }
        tap.forwarded(request);
        upstreamConnection(session).compose(conn -> {
            RequestOptions options = new RequestOptions()
                    .setMethod(req.method())
                    .setURI(route.upstreamTarget(req.uri()))
                    .setHeaders(forwardHeaders(req.headers()))
                    .setIdleTimeout(idleTimeout(request).toMillis());
            return conn.request(options).compose(up -> up.send(body));
        }).onComplete(ar -> {
            if (ar.succeeded()) {
                onResponse(session, req, exchange, request, ar.result());
            } else {
                upstreamFailed(session, req, exchange, request, ar.cause());
            }
        });
    }

    private void onResponse(ClientSession session, HttpServerRequest req, int exchange, TapResult request,
                            HttpClientResponse up) {
        Buffer body = Buffer.buffer();
        HttpServerResponse resp = req.response();
        boolean[] streaming = {false};
        up.handler(chunk -> {
            session.bytesFromServer += chunk.length();
            if (streaming[0]) {
                writeWithBackPressure(resp, up, chunk);
            } else if ((long) body.length() + chunk.length() <= config.bodyLimit()) {
                body.appendBuffer(chunk);
            } else {
                // too large to decode: relay it unchanged anyway, and say so (never a silent truncation)
                streaming[0] = true;
                writeResponseHead(resp, up, true);
                session.emit(seq -> new TapEvent.TransportFailed(session.sessionId, seq, session.offset(), exchange,
                        "response-over-limit", "response body exceeds the body limit of " + config.bodyLimit()
                        + " bytes: relayed unchanged, not decoded, first " + body.length() + " bytes recorded"));
                resp.write(body.copy());
                writeWithBackPressure(resp, up, chunk);
            }
        });
        up.exceptionHandler(err -> {
            if (streaming[0]) {
                req.connection().close();
            } else {
                upstreamFailed(session, req, exchange, request, err);
            }
        });
        up.endHandler(v -> {
            byte[] bytes = body.getBytes();
            TapResult response = tap.inspectResponse(request, up.statusCode(), up.getHeader(HttpHeaders.CONTENT_TYPE), bytes);
            session.emit(seq -> new TapEvent.HttpMessageCaptured(session.sessionId, seq, session.offset(), exchange,
                    Direction.SERVER_TO_CLIENT, responseHead(up), bytes, WinrmAnnotation.of(response),
                    response.violations(), Verdict.FORWARDED));
            audited(session, response.audits());
            if (streaming[0]) {
                resp.end();
            } else {
                writeResponseHead(resp, up, false);
                resp.end(body);
            }
        });
    }

    /** Emits the audit record of each command the response ended. */
    private void audited(ClientSession session, List<AuditRecord> audits) {
        for (AuditRecord a : audits) {
            session.emit(seq -> new TapEvent.CommandAudited(session.sessionId, seq, session.offset(),
                    clock.epochMillis().getAsLong(), route.upstream().toString(), a));
        }
    }

    /**
     * The proxy stops: the audit records of the commands still running, marked incomplete. They belong to
     * no client connection (a shell outlives the connections that use it).
     */
    List<TapEvent.CommandAudited> finish() {
        return tap.finish("the proxy stopped before the command ended").stream()
                .map(a -> new TapEvent.CommandAudited(STOP_SESSION, 0, 0, clock.epochMillis().getAsLong(),
                        route.upstream().toString(), a)).toList();
    }

    private static void writeWithBackPressure(HttpServerResponse resp, HttpClientResponse up, Buffer chunk) {
        resp.write(chunk);
        if (resp.writeQueueFull()) {
            up.pause();
            resp.drainHandler(v -> up.resume());
        }
    }

    private static void writeResponseHead(HttpServerResponse resp, HttpClientResponse up, boolean chunked) {
        resp.setStatusCode(up.statusCode());
        if (up.statusMessage() != null) {
            resp.setStatusMessage(up.statusMessage());
        }
        Set<String> dropped = HopByHop.dropped(up.getHeader(HttpHeaders.CONNECTION));
        for (Map.Entry<String, String> h : up.headers()) {
            if (!HopByHop.isDropped(dropped, h.getKey())) {
                resp.headers().add(h.getKey(), h.getValue());
            }
        }
        if (chunked) {
            resp.setChunked(true);
        }
    }

    private Future<HttpClientConnection> upstreamConnection(ClientSession session) {
        Future<HttpClientConnection> existing = session.upstream(upstreamKey);
        if (existing != null) {
            return existing;
        }
        Future<HttpClientConnection> connecting = client.connect(new HttpConnectOptions()
                .setHost(route.upstream().getHost())
                .setPort(route.upstreamPort())
                .setSsl(route.tls())
                .setConnectTimeout(config.connectTimeout().toMillis()));
        session.upstream(upstreamKey, connecting);
        connecting.onSuccess(conn -> conn.closeHandler(v -> {
            session.forgetUpstream(connecting);
            // the authenticated upstream connection is gone: the client's must go too, or NTLM breaks silently
            if (session.connection != null) {
                session.connection.close();
            }
        }));
        connecting.onFailure(err -> session.forgetUpstream(connecting));
        return connecting;
    }

    /** OperationTimeout plus a margin when longer than the idle default: Receive long-polls must not be cut short. */
    private Duration idleTimeout(TapResult request) {
        Duration base = config.upstreamIdleTimeout();
        Duration op = request.parsed().flatMap(e -> XsDuration.parse(e.header().operationTimeout())).orElse(Duration.ZERO);
        Duration longPoll = op.plus(config.longPollMargin());
        return longPoll.compareTo(base) > 0 ? longPoll : base;
    }

    private void block(ClientSession session, HttpServerRequest req, int exchange, TapResult request, Violation v) {
        String reason = "Tapdeck policy blocked this request: " + v.rule().id() + " (" + v.rule().section() + "): "
                + v.rule().description() + (v.subject().isEmpty() ? "" : "; " + v.subject()) + "; " + v.detail();
        String relatesTo = request.parsed().map(e -> e.header().messageId()).orElse(null);
        String fault = WsmanFaultWriter.fault("s:Sender", "w:AccessDenied", relatesTo, reason, 5L, "tapdeck",
                "uuid:" + clock.ids().get().toUpperCase(java.util.Locale.ROOT));
        synthesize(session, req, exchange, 500, fault, Verdict.BLOCKED, false);
    }

    private void rejectTooLarge(ClientSession session, HttpServerRequest req, int exchange, long size) {
        String detail = "request body of " + size + " bytes exceeds the body limit of " + config.bodyLimit() + " bytes";
        session.emit(seq -> new TapEvent.TransportFailed(session.sessionId, seq, session.offset(), exchange,
                "request-over-limit", detail));
        String fault = WsmanFaultWriter.fault("s:Sender", "w:EncodingLimit", null, "Tapdeck: " + detail, 2150858817L,
                "tapdeck", "uuid:" + clock.ids().get().toUpperCase(java.util.Locale.ROOT));
        // the rest of the body is unread: close the connection after the answer
        synthesize(session, req, exchange, 413, fault, Verdict.SYNTHESIZED, true);
    }

    private void upstreamFailed(ClientSession session, HttpServerRequest req, int exchange, TapResult request, Throwable err) {
        String detail = "upstream " + upstreamKey + " failed: " + describe(err);
        List<Violation> missing = tap.responseMissing(request, detail);
        session.emit(seq -> new TapEvent.TransportFailed(session.sessionId, seq, session.offset(), exchange,
                "upstream-failed", detail));
        if (req.response().headWritten()) {
            req.connection().close();
            return;
        }
        String relatesTo = request.parsed().map(e -> e.header().messageId()).orElse(null);
        String fault = WsmanFaultWriter.fault("s:Receiver", "w:InternalError", relatesTo, "Tapdeck: " + detail,
                2150858770L, "tapdeck", "uuid:" + clock.ids().get().toUpperCase(java.util.Locale.ROOT));
        byte[] bytes = fault.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        session.emit(seq -> new TapEvent.HttpMessageCaptured(session.sessionId, seq, session.offset(), exchange,
                Direction.SERVER_TO_CLIENT, HttpHead.response(502, "HTTP/1.1", List.of(Map.entry("Content-Type", SOAP))),
                bytes, null, missing, Verdict.SYNTHESIZED));
        HttpServerResponse resp = req.response().setStatusCode(502).putHeader(HttpHeaders.CONTENT_TYPE, SOAP);
        resp.end(Buffer.buffer(bytes));
    }

    private void synthesize(ClientSession session, HttpServerRequest req, int exchange, int status, String envelope,
                            Verdict verdict, boolean close) {
        byte[] bytes = envelope.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        session.emit(seq -> new TapEvent.HttpMessageCaptured(session.sessionId, seq, session.offset(), exchange,
                Direction.SERVER_TO_CLIENT, HttpHead.response(status, "HTTP/1.1", List.of(Map.entry("Content-Type", SOAP))),
                bytes, null, List.of(), verdict == Verdict.BLOCKED ? Verdict.SYNTHESIZED : verdict));
        HttpServerResponse resp = req.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, SOAP);
        if (close) {
            resp.putHeader(HttpHeaders.CONNECTION, "close");
            resp.end(Buffer.buffer(bytes)).onComplete(v -> req.connection().close());
        } else {
            resp.end(Buffer.buffer(bytes));
        }
    }

    private static MultiMap forwardHeaders(MultiMap in) {
        Set<String> dropped = HopByHop.dropped(in.get(HttpHeaders.CONNECTION));
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        for (Map.Entry<String, String> h : in) {
            if (!HopByHop.isDropped(dropped, h.getKey())) {
                out.add(h.getKey(), h.getValue());
            }
        }
        return out;
    }

    private static HttpHead requestHead(HttpServerRequest req) {
        return HttpHead.request(req.method().name(), req.uri(), HttpHeads.versionOf(req.version()), HttpHeads.entries(req.headers()));
    }

    private static HttpHead responseHead(HttpClientResponse up) {
        return HttpHead.response(up.statusCode(), HttpHeads.versionOf(up.version()), HttpHeads.entries(up.headers()));
    }

    private static String describe(Throwable err) {
        String m = err.getMessage();
        return err.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
