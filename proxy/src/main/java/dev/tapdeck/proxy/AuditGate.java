package dev.tapdeck.proxy;

import dev.tapdeck.protocol.wsman.WsmanFaultWriter;
import dev.tapdeck.recorder.EventSink;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code --audit-required}: no audited traffic goes unrecorded. While a sink cannot keep what it is given
 * (recordings or the audit log cannot be written: a full disk, the directory's maxTotalBytes taken by open
 * recordings), the first request of a new client connection is answered 503 and the connection closed;
 * sessions already running keep forwarding. The sinks probe for themselves, so the gate opens again once
 * writes succeed.
 */
final class AuditGate {
    /** Seconds a refused client is asked to wait (Retry-After). */
    static final int RETRY_AFTER_SECONDS = 5;
    private static final String SOAP = "application/soap+xml;charset=UTF-8";

    private AuditGate() {
    }

    /** Refuses the request (and its connection) when audit is required and the sinks cannot record; true when refused. */
    static boolean refused(ProxyConfig config, EventSink sink, ProxyConfig.Route route, HttpServerRequest req, ProxyClock clock) {
        if (!config.auditRequired()) {
            return false;
        }
        String why = sink.unavailable();
        if (why == null) {
            return false;
        }
        String reason = "Tapdeck: recording unavailable: " + why + "; --audit-required refuses new sessions until "
                + "recordings can be written again";
        System.err.println("tapdeck: refused a new session from " + req.remoteAddress() + ": recording unavailable: " + why);
        String contentType;
        byte[] body;
        if (route.protocol() == RouteProtocol.WEBSOCKET) {
            contentType = "text/plain;charset=UTF-8";
            body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        } else {
            contentType = SOAP;
            // a fault of the service side (s:Receiver), like the proxy's other internal errors; the reason says which
            body = WsmanFaultWriter.fault("s:Receiver", "w:InternalError", null, reason, 2150858770L, "tapdeck",
                    "uuid:" + clock.ids().get().toUpperCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8);
        }
        req.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .putHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS))
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Buffer.buffer(body)).onComplete(v -> req.connection().close());
        return true;
    }
}
