package dev.tapdeck.replay;

import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.wsman.WsmanFaultWriter;
import dev.tapdeck.protocol.wsman.WsmanHeader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Serves a recording as the upstream: each live request is matched to a recorded one
 * ({@link ExchangeMatcher}) and answered with the recorded response, live ids mapped in
 * ({@link BodyRewriter}). A request that matches nothing gets a WS-Man fault and leaves a
 * {@link MissReport}. A WebSocket recording is played by {@link WsReplay}.
 *
 * <p>The Authorization header is not checked: recordings are redacted, so any credentials are accepted.
 * Nothing reads a clock or a random source: two replays of one recording driven by the same requests give
 * byte-identical {@link #transcript()}s.
 */
public final class ReplayServer {
    private final Vertx vertx;
    private final ReplayScript script;
    private final ReplayOptions options;
    private final IdMap ids = new IdMap();
    private final ExchangeMatcher matcher;
    private final EnvelopeReader envelopes = new EnvelopeReader();
    private final Transcript transcript = new Transcript();
    private final List<MissReport> misses = new ArrayList<>();
    private final WsReplay websocket;
    private HttpServer server;

    private ReplayServer(Vertx vertx, ReplayScript script, ReplayOptions options) {
        this.vertx = vertx;
        this.script = script;
        this.options = options;
        this.matcher = new ExchangeMatcher(script, options.mode(), ids);
        this.websocket = script.isWebSocket() ? new WsReplay(script, transcript, this::missed) : null;
    }

    /** Starts a replay server for {@code script}; the future completes once it listens. */
    public static Future<ReplayServer> start(Vertx vertx, ReplayScript script, ReplayOptions options) {
        ReplayServer rs = new ReplayServer(vertx, script, options);
        return vertx.createHttpServer(new HttpServerOptions().setHost(options.host()).setPort(options.port())
                // it stands in for a WinRM listener (HTTP.sys), which speaks HTTP/1.1 only
                .setHttp2ClearTextEnabled(false))
                .requestHandler(rs::handle).listen().map(s -> {
                    rs.server = s;
                    return rs;
                });
    }

    public int port() {
        return server.actualPort();
    }

    /** Where clients connect: {@code http://host:port/wsman} (the recorded path), or {@code ws://…} for a WebSocket recording. */
    public URI uri() {
        String path = "/wsman";
        if (script.isWebSocket()) {
            path = script.websocket().request().uri();
        } else if (!script.exchanges().isEmpty() && script.exchanges().get(0).request() != null) {
            path = script.exchanges().get(0).request().uri();
        }
        return URI.create((script.isWebSocket() ? "ws://" : "http://") + options.host() + ":" + port() + path);
    }

    public ReplayScript script() {
        return script;
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest req) {
        if (websocket != null) {
            websocket.accept(req);
            return;
        }
        Buffer body = Buffer.buffer();
        req.handler(chunk -> {
            if (req.response().ended()) {
                return;
            }
            if (body.length() + chunk.length() > options.maxBodyBytes()) {
                req.response().setStatusCode(413).end("request body over maxBodyBytes (" + options.maxBodyBytes() + " bytes)");
                req.connection().close();
            } else {
                body.appendBuffer(chunk);
            }
        });
        req.endHandler(v -> {
            if (!req.response().ended()) {
                answer(req, body.getBytes());
            }
        });
    }

    private void answer(HttpServerRequest req, byte[] body) {
        WsmanHeader header = envelopes.read(body) instanceof EnvelopeDecoded.EnvelopeParsed p ? p.envelope().header() : null;
        String messageId = header == null ? null : header.messageId();
        NormalisedMessage live = NormalisedMessage.of(body, null);
        ExchangeMatcher.Outcome outcome = matcher.offer(live);
        if (outcome instanceof MissReport miss) {
            missed(miss);
            byte[] fault = WsmanFaultWriter.fault("s:Sender", "w:InvalidParameter", messageId,
                    "Tapdeck replay: no recorded request matches. " + miss.text(), 87, "tapdeck-replay",
                    "uuid:" + options.ids().get().toString().toUpperCase(java.util.Locale.ROOT)).getBytes(StandardCharsets.UTF_8);
            transcript.exchange(-1, body, 500, fault);
            req.response().setStatusCode(500).putHeader("Content-Type", ReplayExchange.SOAP_CONTENT_TYPE).end(Buffer.buffer(fault));
            return;
        }
        ExchangeMatcher.Match match = (ExchangeMatcher.Match) outcome;
        ReplayExchange x = match.exchange();
        String recordedTo = envelopes.read(x.requestBody()) instanceof EnvelopeDecoded.EnvelopeParsed p
                ? p.envelope().header().to() : null;
        Map<String, String> literals = recordedTo != null && header != null && header.to() != null
                && !recordedTo.equals(header.to()) ? Map.of(recordedTo, header.to()) : Map.of();
        String resource = match.recorded().resourceUri();
        boolean psrp = resource != null && resource.startsWith(NormalisedMessage.POWERSHELL_RESOURCE);
        byte[] response = BodyRewriter.rewrite(x.responseBody(), ids, new BodyRewriter.Values(null, messageId, literals), psrp);
        transcript.exchange(x.index(), body, x.responseStatus(), response);
        long delayMs = options.speed() > 0 ? (long) (x.latencyNanos() / options.speed() / 1_000_000) : 0;
        Runnable send = () -> {
            if (!x.answered()) {
                req.connection().close(); // the recorded connection failed (pypsrp http_error)
                return;
            }
            var resp = req.response().setStatusCode(x.responseStatus());
            String type = x.responseContentType();
            if (type != null) {
                resp.putHeader("Content-Type", type);
            }
            resp.end(Buffer.buffer(response));
        };
        if (delayMs > 0) {
            vertx.setTimer(delayMs, id -> send.run());
        } else {
            send.run();
        }
    }

    private synchronized void missed(MissReport miss) {
        misses.add(miss);
    }

    /** Every miss so far, in order. */
    public synchronized List<MissReport> misses() {
        return List.copyOf(misses);
    }

    /** Recorded exchanges (or, for a WebSocket recording, recorded client messages) not used yet. */
    public int unconsumedCount() {
        return websocket != null ? websocket.unconsumed() : matcher.unconsumed().size();
    }

    /** What the replay received and sent, in order: the same bytes for the same live requests. */
    public byte[] transcript() {
        return transcript.bytes();
    }

    /**
     * Null when the replay went as recorded (no miss; every recorded exchange used unless
     * {@code allowUnconsumed}), else a readable account of what went wrong.
     */
    public String problems(boolean allowUnconsumed) {
        StringBuilder sb = new StringBuilder();
        for (MissReport m : misses()) {
            sb.append(m.text());
        }
        int left = unconsumedCount();
        if (left > 0 && !allowUnconsumed) {
            sb.append("Tapdeck replay of ").append(script.name()).append(": ").append(left).append(" of ")
                    .append(script.size()).append(" recorded ").append(script.isWebSocket() ? "client messages were" : "exchanges were")
                    .append(" never requested:\n");
            sb.append(websocket != null ? websocket.describeUnconsumed() : matcher.describeUnconsumed());
        }
        return sb.isEmpty() ? null : sb.toString();
    }
}
