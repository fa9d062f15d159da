package dev.tapdeck.proxy;

import dev.tapdeck.protocol.ntlm.NtlmCredentials;
import dev.tapdeck.protocol.ntlm.NtlmMessage;
import dev.tapdeck.protocol.ntlm.SealedConnection;
import dev.tapdeck.protocol.ntlm.Unsealed;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.session.AuditRecord;
import dev.tapdeck.protocol.session.Requester;
import dev.tapdeck.protocol.session.ShellKind;
import dev.tapdeck.protocol.session.TapResult;
import dev.tapdeck.protocol.session.WsmanTap;
import dev.tapdeck.protocol.wsman.ShellStream;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;
import dev.tapdeck.protocol.wsman.WsmanFaultWriter;
import dev.tapdeck.protocol.wsman.XsDuration;
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
import java.util.ArrayList;
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
    /** WSManFault Code of the proxy's own failures (a plug-in failure, an unreachable upstream). */
    static final long INTERNAL_ERROR = 2150858770L;

    private final ProxyConfig config;
    private final ProxyConfig.Route route;
    private final WsmanTap tap;
    private final WinrmTapEvents events;
    private final HttpClientAgent client;
    private final ProxyClock clock;
    /** TLS toward the upstream (its trust store, host name check), null for http:// and ws://. */
    private final io.vertx.core.net.ClientSSLOptions upstreamSsl;
    private final String upstreamKey;
    private final WinrmPlugins plugins;
    /** Order and flow control of Sends; null when neither plug-ins nor serialize mode need it. */
    private final SendLanes lanes;
    /** The account whose sealed traffic this route decrypts, or null (kept hashed, never logged). */
    private final NtlmCredentials credentials;

    WinrmRelay(ProxyConfig config, ProxyConfig.Route route, WsmanTap tap, HttpClientAgent client, ProxyClock clock) {
        this(config, route, tap, client, clock, new WinrmPlugins(List.of(), null), null);
    }

    WinrmRelay(ProxyConfig config, ProxyConfig.Route route, WsmanTap tap, HttpClientAgent client, ProxyClock clock,
               WinrmPlugins plugins, NtlmCredentials credentials) {
        this.plugins = plugins;
        this.lanes = plugins.isEmpty() && !config.interception().serializeSends() ? null
                : new SendLanes(config.interception().maxHeldSends());
        this.credentials = credentials;
        this.config = config;
        this.route = route;
        this.tap = tap;
        this.events = new WinrmTapEvents(tap, route.upstream().toString());
        this.client = client;
        this.clock = clock;
        this.upstreamSsl = route.tls() ? route.upstreamTls().clientOptions() : null;
        this.upstreamKey = route.upstream().getScheme() + "://" + route.upstream().getHost() + ":" + route.upstreamPort();
    }

    WsmanTap tap() {
        return tap;
    }

    /** Sends held behind an earlier one to the same target (tests, dashboards). */
    int heldSends() {
        return lanes == null ? 0 : lanes.waiting();
    }

    void handle(ClientSession session, HttpServerRequest req) {
        session.startIfNeeded("winrm", route, config.redact());
        int exchange = session.nextExchange();
        // the exchange is in flight until its answer went out or the client's connection closed under it
        ResourceCounters.Exchange held = session.exchange();
        req.response().endHandler(v -> held.release());
        req.response().closeHandler(v -> held.release());
        String contentLength = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (contentLength != null && parseLong(contentLength) > config.bodyLimit()) {
            rejectTooLarge(session, req, exchange, parseLong(contentLength));
            return;
        }
        session.pauseWhileRecorderCongested(req); // the recorder is behind: the next request waits for it
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
                held.buffered(chunk.length());
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
        String authorization = req.getHeader(HttpHeaders.AUTHORIZATION);
        session.authenticated(authorization);
        SealedConnection sealed = session.sealed(this::credentialsFor);
        List<Violation> ntlm = new ArrayList<>(sealed.authorization(authorization));
        String contentType = req.getHeader(HttpHeaders.CONTENT_TYPE);
        // unsealed once, in arrival order: the RC4 state of the direction moves on with each message
        Unsealed unsealed = SealedBodies.unseal(sealed, dev.tapdeck.protocol.ws.Direction.CLIENT_TO_SERVER, contentType, bytes, ntlm);
        Inbound in = new Inbound(bytes, contentType, unsealed, ntlm);
        TapResult request = inspect(session, in);
        String lane = laneOf(request);
        if (lane == null) {
            decide(session, req, exchange, body, in, request, () -> { });
            return;
        }
        // Sends to one target go on in the order they came, one at a time (issue 8)
        boolean queued = lanes.submit(lane, (immediate, done) -> {
            if (req.response().closed()) {
                session.emit(seq -> new TapEvent.TransportFailed(session.sessionId, seq, session.offset(), exchange,
                        "client-aborted", "the client went away while its Send was held"));
                done.run();
                return;
            }
            // a Send that waited is checked against the state its predecessors left
            decide(session, req, exchange, body, in, immediate ? request : inspect(session, in), done);
        });
        if (!queued) {
            capture(session, req, exchange, in, request, Verdict.BLOCKED);
            String why = "Tapdeck: more than " + lanes.maxHeld() + " Sends wait for " + lane + " (limit maxHeldSends)";
            if (in.sealed()) {
                closeSealed(session, req, exchange, why);
            } else {
                refuse(session, req, exchange, request, "s:Receiver", "w:QuotaLimit", 2150859173L, why);
            }
        }
    }

    /**
     * A request body as it arrived and, when it was sealed, its plaintext: the tap decodes the plaintext, the
     * upstream gets the original bytes.
     */
    private record Inbound(byte[] bytes, String contentType, Unsealed unsealed, List<Violation> ntlm) {
        boolean sealed() {
            return unsealed != null;
        }
    }

    private TapResult inspect(ClientSession session, Inbound in) {
        return events.inspectRequest(in.contentType(), in.bytes(), in.unsealed(), new Requester(session.client, session.user()));
    }

    /**
     * The target a Send waits for, null when it need not wait. [MS-WSMV] 3.1.4.13: one Send outstanding per
     * text shell; [MS-PSRP] 3.1.5.3.5: one per RunspacePool and per pipeline. Plug-ins order per command.
     */
    private String laneOf(TapResult request) {
        if (lanes == null || request.blocked()) {
            return null;
        }
        WsmanEnvelope e = request.envelope();
        if (e == null || !(e.body() instanceof WsmanBody.Send send) || e.header().shellId().isEmpty()) {
            return null;
        }
        String shell = e.header().shellId().get().trim().toUpperCase(java.util.Locale.ROOT);
        boolean perShell = config.interception().serializeSends() && ShellKind.of(e.header().resourceUri()) != ShellKind.POWERSHELL;
        String command = send.streams().stream().map(ShellStream::commandId).filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
        return perShell || command == null ? "shell " + shell
                : "shell " + shell + " command " + command.trim().toUpperCase(java.util.Locale.ROOT);
    }

    /** The policy, then the plug-ins, decide; {@code done} lets the next Send of the lane go. */
    private void decide(ClientSession session, HttpServerRequest req, int exchange, Buffer body, Inbound in,
                        TapResult request, Runnable done) {
        if (request.blocked()) {
            capture(session, req, exchange, in, request, Verdict.BLOCKED);
            if (in.sealed()) {
                closeSealed(session, req, exchange, "Tapdeck policy blocked a sealed request (" + request.blockedBy().get().rule().id() + ")");
            } else {
                block(session, req, exchange, request, request.blockedBy().get());
            }
            done.run();
            return;
        }
        plugins.decide(session, exchange, request).onComplete(ar -> {
            PluginDecision d = ar.succeeded() ? ar.result() : new PluginDecision("?", TapEvent.PluginOutcome.FAILED,
                    null, "plug-in chain failed: " + describe(ar.cause()), 0);
            if (d.passed()) {
                capture(session, req, exchange, in, request, Verdict.FORWARDED);
                forward(session, req, exchange, body, request, done);
            } else {
                capture(session, req, exchange, in, request, Verdict.BLOCKED);
                refused(session, req, exchange, in, request, d);
                done.run();
            }
        });
    }

    private void capture(ClientSession session, HttpServerRequest req, int exchange, Inbound in, TapResult request,
                         Verdict verdict) {
        events.captured(session, exchange, requestHead(req), in.bytes(), request, verdict,
                in.unsealed(), in.ntlm());
    }

    private void forward(ClientSession session, HttpServerRequest req, int exchange, Buffer body, TapResult request,
                         Runnable done) {
        boolean serialize = config.interception().serializeSends();
        upstreamConnection(session).compose(conn -> {
            RequestOptions options = new RequestOptions()
                    .setMethod(req.method())
                    .setURI(route.upstreamTarget(req.uri()))
                    .setHeaders(forwardHeaders(req.headers()))
                    .setIdleTimeout(idleTimeout(request).toMillis());
            return conn.request(options).compose(up -> {
                // the next Send of the lane may go once this one is on the wire (serialize: once it is answered)
                up.end(body).onComplete(w -> {
                    if (!serialize) {
                        done.run();
                    }
                });
                return up.response();
            });
        }).onComplete(ar -> {
            if (ar.succeeded()) {
                onResponse(session, req, exchange, request, ar.result(), done);
            } else {
                done.run();
                upstreamFailed(session, req, exchange, request, ar.cause());
            }
        });
    }

    private void onResponse(ClientSession session, HttpServerRequest req, int exchange, TapResult request,
                            HttpClientResponse up, Runnable done) {
        Buffer body = Buffer.buffer();
        ResourceCounters.Exchange held = session.counters.buffer();
        HttpServerResponse resp = req.response();
        boolean[] streaming = {false};
        up.handler(chunk -> {
            session.bytesFromServer += chunk.length();
            if (streaming[0]) {
                writeWithBackPressure(resp, up, chunk);
            } else if ((long) body.length() + chunk.length() <= config.bodyLimit()) {
                body.appendBuffer(chunk);
                held.buffered(chunk.length());
            } else {
                // too large to decode: relay it unchanged anyway, and say so (never a silent truncation)
                streaming[0] = true;
                held.release();
                writeResponseHead(resp, up, true);
                session.emit(seq -> new TapEvent.TransportFailed(session.sessionId, seq, session.offset(), exchange,
                        "response-over-limit", "response body exceeds the body limit of " + config.bodyLimit()
                        + " bytes: relayed unchanged, not decoded, first " + body.length() + " bytes recorded"));
                resp.write(body.copy());
                writeWithBackPressure(resp, up, chunk);
            }
        });
        up.exceptionHandler(err -> {
            held.release();
            done.run();
            if (streaming[0]) {
                req.connection().close();
            } else {
                upstreamFailed(session, req, exchange, request, err);
            }
        });
        up.endHandler(v -> {
            held.release();
            byte[] bytes = body.getBytes();
            SealedConnection sealed = session.sealed(this::credentialsFor);
            List<Violation> ntlm = new ArrayList<>();
            up.headers().getAll("WWW-Authenticate").forEach(h -> ntlm.addAll(sealed.wwwAuthenticate(h)));
            String contentType = up.getHeader(HttpHeaders.CONTENT_TYPE);
            // a body cut at the limit is not unsealed: its RC4 keystream position would be unknown
            Unsealed unsealed = streaming[0] ? null
                    : SealedBodies.unseal(sealed, dev.tapdeck.protocol.ws.Direction.SERVER_TO_CLIENT, contentType, bytes, ntlm);
            events.response(session, exchange, request, responseHead(up), contentType, bytes,
                    unsealed, ntlm, clock.epochMillis());
            done.run(); // serialize mode: the Send is answered, the next one to its target may go
            if (streaming[0]) {
                resp.end();
            } else {
                writeResponseHead(resp, up, false);
                resp.end(body);
            }
        });
    }

    /** The configured credentials when they are for the account that authenticated ([MS-NLMP] 3.3.2). */
    private NtlmCredentials credentialsFor(NtlmMessage.Authenticate a) {
        return credentials != null && credentials.matches(a) ? credentials : null;
    }

    /**
     * Enforce mode on a sealed request: the proxy cannot answer with a fault, because the client's and the
     * server's RC4 states would no longer agree ([MS-NLMP] 3.4.3: one cipher handle per direction for the whole
     * connection). The request is not forwarded and both connections are closed instead.
     */
    private void closeSealed(ClientSession session, HttpServerRequest req, int exchange, String why) {
        session.emit(seq -> new TapEvent.TransportFailed(session.sessionId, seq, session.offset(), exchange,
                "blocked-sealed", why + ": connection closed, "
                + "a fault cannot be sealed without desynchronising the NTLM RC4 state"));
        session.closeUpstream();
        req.connection().close();
    }
    private void audited(ClientSession session, List<AuditRecord> audits) {
        events.audited(session, audits, clock.epochMillis());
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
                .setSslOptions(upstreamSsl)
                .setConnectTimeout(config.connectTimeout().toMillis()));
        session.upstream(upstreamKey, connecting);
        connecting.onSuccess(conn -> {
            Runnable release = session.counters.upstreamConnection();
            conn.closeHandler(v -> {
                release.run();
                session.forgetUpstream(connecting);
                // the authenticated upstream connection is gone: the client's must go too, or NTLM breaks silently
                if (session.connection != null) {
                    session.connection.close();
                }
            });
        });
        connecting.onFailure(err -> session.forgetUpstream(connecting));
        return connecting;
    }

    /** OperationTimeout plus a margin when longer than the idle default: Receive long-polls must not be cut short. */
    private Duration idleTimeout(TapResult request) {
        Duration base = config.upstreamIdleTimeout();
        Duration op = request.parsed().map(e -> operationTimeout(e.header().operationTimeout())).orElse(Duration.ZERO);
        Duration longPoll = op.plus(config.longPollMargin());
        return longPoll.compareTo(base) > 0 ? longPoll : base;
    }

    /** A client sends the same OperationTimeout again and again: the last one parsed is kept (one immutable pair). */
    private record ParsedTimeout(String text, Duration duration) {
    }

    private volatile ParsedTimeout lastTimeout = new ParsedTimeout("", Duration.ZERO);

    private Duration operationTimeout(String text) {
        if (text == null) {
            return Duration.ZERO;
        }
        ParsedTimeout last = lastTimeout;
        if (!last.text().equals(text)) {
            last = new ParsedTimeout(text, XsDuration.parse(text).orElse(Duration.ZERO));
            lastTimeout = last;
        }
        return last.duration();
    }

    private void block(ClientSession session, HttpServerRequest req, int exchange, TapResult request, Violation v) {
        String reason = "Tapdeck policy blocked this request: " + v.rule().id() + " (" + v.rule().section() + "): "
                + v.rule().description() + (v.subject().isEmpty() ? "" : "; " + v.subject()) + "; " + v.detail();
        refuse(session, req, exchange, request, "s:Sender", "w:AccessDenied", 5L, reason);
    }

    /**
     * A plug-in refused the request: a veto answers with the plug-in's code and message, a failure or a time-out
     * with an internal error naming the plug-in. The audit of the command concerned shows the refusal.
     */
    private void refused(ClientSession session, HttpServerRequest req, int exchange, Inbound in, TapResult request,
                         PluginDecision d) {
        if (in.sealed()) {
            closeSealed(session, req, exchange, "plug-in " + d.plugin() + " refused a sealed request: " + d.reason());
        } else if (d.outcome() == TapEvent.PluginOutcome.VETOED) {
            refuse(session, req, exchange, request, "s:Sender", "w:AccessDenied", d.code(), d.reason());
        } else {
            refuse(session, req, exchange, request, "s:Receiver", "w:InternalError", INTERNAL_ERROR,
                    "Tapdeck refused this request: " + d.reason());
        }
        audited(session, tap.refused(request, "refused by plug-in " + d.plugin() + " ("
                + d.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "): " + d.reason()));
    }

    private void refuse(ClientSession session, HttpServerRequest req, int exchange, TapResult request, String code,
                        String subcode, long wsmanFaultCode, String reason) {
        String relatesTo = request.parsed().map(e -> e.header().messageId()).orElse(null);
        String fault = WsmanFaultWriter.fault(code, subcode, relatesTo, reason, wsmanFaultCode, "tapdeck",
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
        String detail = "upstream " + upstreamKey + " failed: " + describe(err) + UpstreamErrors.hint(err);
        List<Violation> missing = events.upstreamFailed(session, exchange, request, detail);
        if (req.response().headWritten()) {
            req.connection().close();
            return;
        }
        String relatesTo = request.parsed().map(e -> e.header().messageId()).orElse(null);
        String fault = WsmanFaultWriter.fault("s:Receiver", "w:InternalError", relatesTo, "Tapdeck: " + detail,
                INTERNAL_ERROR, "tapdeck", "uuid:" + clock.ids().get().toUpperCase(java.util.Locale.ROOT));
        byte[] bytes = fault.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        WinrmTapEvents.synthesized(session, exchange, HttpHead.response(502, "HTTP/1.1",
                List.of(Map.entry("Content-Type", SOAP))), bytes, missing, Verdict.SYNTHESIZED);
        HttpServerResponse resp = req.response().setStatusCode(502).putHeader(HttpHeaders.CONTENT_TYPE, SOAP);
        resp.end(Buffer.buffer(bytes));
    }

    private void synthesize(ClientSession session, HttpServerRequest req, int exchange, int status, String envelope,
                            Verdict verdict, boolean close) {
        byte[] bytes = envelope.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        WinrmTapEvents.synthesized(session, exchange, HttpHead.response(status, "HTTP/1.1",
                List.of(Map.entry("Content-Type", SOAP))), bytes, List.of(), verdict == Verdict.BLOCKED ? Verdict.SYNTHESIZED : verdict);
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
        return UpstreamErrors.describe(err);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
