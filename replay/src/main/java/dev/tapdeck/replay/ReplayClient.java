package dev.tapdeck.replay;

import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.wsman.WsmanHeader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Re-sends the client side of a recording to a live server (or through a Tapdeck proxy), one request at a
 * time, and compares each response with the recorded one after normalisation. Ids go the other way from the
 * replay server: ids the live server chooses (the ShellId of a CreateResponse, a server-chosen CommandId)
 * replace the recorded ones in later requests; every request gets a fresh MessageID from the injected
 * generator and the target URL as {@code wsa:To}.
 */
public final class ReplayClient {
    /** Headers the client sets itself, or that must not be replayed (recorded credentials are redacted). */
    private static final Set<String> NOT_REPLAYED = Set.of("host", "content-length", "authorization", "connection",
            "transfer-encoding", "keep-alive");

    private final Vertx vertx;
    private final ReplayScript script;
    private final URI target;
    private final Supplier<UUID> messageIds;
    private final Consumer<String> progress;
    private final EnvelopeReader envelopes = new EnvelopeReader();
    private final IdMap ids = new IdMap();
    private final List<ClientReport.Mismatch> mismatches = new ArrayList<>();
    private String authorization;
    private HttpClient http;
    private int sent;

    /**
     * @param messageIds MessageIDs of the live requests (design principle 5: pass a counting generator for
     *                   repeatable runs)
     * @param progress   receives one line after each exchange
     */
    public ReplayClient(Vertx vertx, ReplayScript script, URI target, Supplier<UUID> messageIds, Consumer<String> progress) {
        if (script.isWebSocket()) {
            throw new IllegalArgumentException(script.name() + " is a WebSocket recording: the replay client re-sends WinRM (HTTP) recordings");
        }
        this.vertx = vertx;
        this.script = script;
        this.target = target;
        this.messageIds = messageIds;
        this.progress = progress;
    }

    /** Sends this Authorization header value with every request (recordings hold none in clear). */
    public ReplayClient authorization(String value) {
        this.authorization = value;
        return this;
    }

    public Future<ClientReport> run() {
        http = vertx.createHttpClient();
        Promise<ClientReport> done = Promise.promise();
        // Requests start on an event loop: composed from a caller's thread, the first response's body could
        // arrive before its handler is set and be lost.
        vertx.getOrCreateContext().runOnContext(v -> next(0, done));
        return done.future().eventually(() -> http.close());
    }

    private void next(int i, Promise<ClientReport> done) {
        if (i >= script.exchanges().size()) {
            done.complete(new ClientReport(script.name(), script.exchanges().size(), sent, mismatches));
            return;
        }
        ReplayExchange x = script.exchanges().get(i);
        WsmanHeader recorded = header(x.requestBody());
        String messageId = "uuid:" + messageIds.get().toString().toUpperCase(Locale.ROOT);
        Map<String, String> literals = recorded != null && recorded.to() != null ? Map.of(recorded.to(), target.toString()) : Map.of();
        boolean psrp = recorded != null && recorded.resourceUri() != null
                && recorded.resourceUri().startsWith(NormalisedMessage.POWERSHELL_RESOURCE);
        byte[] body = BodyRewriter.rewrite(x.requestBody(), ids, new BodyRewriter.Values(
                recorded != null && recorded.messageId() != null ? messageId : null, null, literals), psrp);
        RequestOptions ro = new RequestOptions().setMethod(HttpMethod.valueOf(x.request() == null ? "POST" : x.request().method()))
                .setAbsoluteURI(target.toString());
        if (x.request() != null) {
            x.request().headers().stream().filter(h -> !NOT_REPLAYED.contains(h.getKey().toLowerCase(Locale.ROOT)))
                    .forEach(h -> ro.addHeader(h.getKey(), h.getValue()));
        }
        if (x.request() == null || x.request().header("Content-Type") == null) {
            ro.putHeader("Content-Type", ReplayExchange.SOAP_CONTENT_TYPE);
        }
        if (authorization != null) {
            ro.putHeader("Authorization", authorization);
        }
        sent++;
        String action = NormalisedMessage.of(x.requestBody(), null).label();
        http.request(ro).compose(req -> req.send(Buffer.buffer(body)))
                .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b.getBytes())))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        compare(x, action, messageId, literals, psrp, ar.result().status(), ar.result().body());
                    } else if (x.answered()) {
                        mismatches.add(new ClientReport.Mismatch(x.index(), action, "transport failed: " + ar.cause().getMessage()
                                + " (recorded: HTTP " + x.responseStatus() + ")", List.of(), null));
                    }
                    progress.accept("replay " + script.name() + ": " + (i + 1) + "/" + script.exchanges().size()
                            + " exchanges, " + mismatches.size() + " mismatches");
                    next(i + 1, done);
                });
    }

    private record Answer(int status, byte[] body) {
    }

    private void compare(ReplayExchange x, String action, String messageId, Map<String, String> literals, boolean psrp,
                         int status, byte[] body) {
        if (!x.answered()) {
            mismatches.add(new ClientReport.Mismatch(x.index(), action, "recorded: the connection failed; live: HTTP " + status,
                    List.of(), null));
            return;
        }
        // the recorded server named its own URL (ResourceCreated Address); ids stay recorded for the comparison
        byte[] expected = BodyRewriter.rewrite(x.responseBody(), new IdMap(), new BodyRewriter.Values(null, null, literals), false);
        NormalisedMessage rec = NormalisedMessage.of(expected, psrp);
        NormalisedMessage live = NormalisedMessage.of(body, psrp);
        List<FieldDiff> diffs = FieldDiff.between(rec, live);
        String conflict = ids.conflict(live.slots(), rec.slots());
        if (conflict == null) {
            ids.bind(live.slots(), rec.slots());
        }
        String problem = status != x.responseStatus() ? "HTTP status: recorded " + x.responseStatus() + ", live " + status : null;
        WsmanHeader liveHeader = header(body);
        WsmanHeader recHeader = header(x.responseBody());
        if (problem == null && recHeader != null && recHeader.relatesTo() != null
                && (liveHeader == null || !messageId.equalsIgnoreCase(String.valueOf(liveHeader.relatesTo())))) {
            problem = "RelatesTo: expected the request's MessageID " + messageId + ", live "
                    + (liveHeader == null ? "(no envelope, " + body.length + " bytes)" : liveHeader.relatesTo());
        }
        if (problem != null || !diffs.isEmpty() || conflict != null) {
            mismatches.add(new ClientReport.Mismatch(x.index(), action, problem, diffs, conflict));
        }
    }

    private WsmanHeader header(byte[] body) {
        return body.length > 0 && envelopes.read(body) instanceof EnvelopeDecoded.EnvelopeParsed p ? p.envelope().header() : null;
    }
}
