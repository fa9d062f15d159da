package dev.tapdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.session.BodyKind;
import dev.tapdeck.protocol.session.Requester;
import dev.tapdeck.protocol.session.TapResult;
import dev.tapdeck.protocol.ws.HandshakeChecker;
import dev.tapdeck.protocol.ws.HandshakeOutcome;
import dev.tapdeck.protocol.ws.WsEvent;
import dev.tapdeck.protocol.ws.WsLimits;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.proxy.SessionEvents;
import dev.tapdeck.proxy.WinrmTapEvents;
import dev.tapdeck.proxy.WsAnnotations;
import dev.tapdeck.proxy.WsDecoders;
import dev.tapdeck.proxy.WsHandshakes;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.protocol.ntlm.AuthHeaderTokens;
import dev.tapdeck.protocol.ntlm.NtlmMessage;
import dev.tapdeck.protocol.ntlm.Unsealed;
import dev.tapdeck.recorder.HeaderRedactor;
import dev.tapdeck.recorder.HttpHead;
import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.TapEvent;
import dev.tapdeck.recorder.TapEvent.Verdict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Decodes a recording's raw bytes again with this Tapdeck's decoders, through the very code the proxy runs
 * ({@link WinrmTapEvents}: WS-Man and PSRP; {@link WsHandshakes}, {@link WsDecoders}, {@link WsAnnotations}:
 * WebSocket), one recorded line at a time. Out come the lines of the recomputed recording: primary lines
 * as recorded (unknown fields kept) with fresh derived fields, then fresh derived lines; sequence numbers
 * are renumbered, derived lines take the time of the raw line that produced them. The recorded derived
 * lines are dropped. Verdicts, transport failures and enforcement are facts of the session and stay.
 */
final class Redecoder {
    /** One line of the recomputed recording, with its event when the console can show it (else null). */
    record Line(ObjectNode json, TapEvent event) {
        String type() {
            return json.path("type").asText();
        }
    }

    /** Lines a decoder derives from the raw bytes: dropped on input, produced afresh. */
    static final Set<String> DERIVED = Set.of("audit", "ws-frame", "ws-message", "ws-close", "ws-violation", "ws-stopped");
    /** Fields of primary lines that a decoder derives. */
    static final Set<String> DERIVED_FIELDS = Set.of("decoded", "violations", "subprotocol", "extensions", "midFrame",
            "messageOpen");
    private static final TapResult NO_REQUEST = new TapResult(BodyKind.EMPTY, null, List.of(), List.of(), Optional.empty());

    private final JsonNode header;
    private final String sessionId;
    private final String client;
    private final long startedAt;
    private final List<Line> out = new ArrayList<>();
    private long seq = 1;
    private long t;
    private final SessionEvents events = new SessionEvents() {
        @Override
        public String sessionId() {
            return sessionId;
        }

        @Override
        public long offset() {
            return t;
        }

        @Override
        public void emit(LongFunction<TapEvent> event) {
            TapEvent e = event.apply(seq++);
            out.add(new Line(RecordingFormat.toJson(e), e));
        }
    };
    private final WinrmTapEvents winrm;
    private final Map<Integer, TapResult> requests = new HashMap<>();
    private final Map<Integer, List<Violation>> missing = new HashMap<>();
    private String user;
    private final WsAnnotations ws;
    private WsDecoders decoders;
    private boolean halted;

    /**
     * @param policy which rules count as enforced (a WebSocket violation's {@code blocking}); verdicts are
     *               taken from the recording
     */
    Redecoder(JsonNode header, Policy policy) {
        this.header = header;
        this.sessionId = header.path("sessionId").asText();
        this.client = header.path("client").asText(null);
        this.startedAt = RecordedEvents.startedAt(header);
        boolean redacted = header.path("redacted").asBoolean(true);
        this.winrm = new WinrmTapEvents(WinrmTapEvents.newTap(new EnvelopeReader(), policy, redacted),
                header.path("upstream").asText());
        this.ws = new WsAnnotations(events, policy);
    }

    /** The header line as recorded, with its event. */
    Line header() {
        return new Line(header.deepCopy(), RecordedEvents.sessionStarted(header));
    }

    /** One recorded line in; the lines it becomes out (none for a recorded derived line). */
    List<Line> accept(JsonNode line) {
        out.clear();
        t = line.path("t").asLong();
        String type = line.path("type").asText();
        if (type.equals("http")) {
            http(line);
        } else if (type.equals("transport-failed")) {
            transportFailed(line);
        } else if (type.equals("ws-handshake")) {
            handshake(line);
        } else if (type.equals("ws-chunk")) {
            chunk(line);
        } else if (type.equals("ws-end") && decoders != null) {
            // where the stream ended is a fact; whether a frame or message was open there, the decoder's finding
            Direction dir = RecordedEvents.direction(line, "dir");
            merge(line, () -> ws.ended(dir, decoders.of(dir), line.path("bytes").asLong(), line.path("forwarded").asLong()));
        } else if (!DERIVED.contains(type)) {
            halted |= type.equals("ws-enforced"); // the proxy decoded nothing after failing the connection
            passThrough(line);
        }
        return List.copyOf(out);
    }

    private void http(JsonNode line) {
        int exchange = line.path("exchange").asInt();
        HttpHead head = RecordedEvents.head(line.path("head"));
        byte[] body = RecordedEvents.base64(line, "body");
        Verdict verdict = Verdict.valueOf(line.path("verdict").asText(Verdict.FORWARDED.name()));
        String contentType = head.header("Content-Type");
        // the NTLM layer's findings are taken as recorded; a decrypted body's plaintext is decoded, as live
        RecordedSealing ntlm = RecordedSealing.of(line, contentType, body);
        Unsealed unsealed = ntlm.unsealed();
        if (head.isRequest()) {
            String who = userOf(head.header("Authorization"));
            user = who != null ? who : user;
            Requester requester = new Requester(client, user);
            merge(line, () -> {
                TapResult request = winrm.inspectRequest(contentType, body, unsealed, requester);
                winrm.captured(events, exchange, head, body, request, verdict, unsealed, ntlm.ntlm());
                requests.put(exchange, request);
            });
        } else if (verdict == Verdict.FORWARDED) {
            long at = startedAt + t / 1_000_000;
            merge(line, () -> winrm.response(events, exchange, requests.getOrDefault(exchange, NO_REQUEST), head,
                    contentType, body, unsealed, ntlm.ntlm(), () -> at));
        } else {
            List<Violation> found = missing.getOrDefault(exchange, List.of());
            merge(line, () -> WinrmTapEvents.synthesized(events, exchange, head, body, found, verdict));
        }
    }

    private void transportFailed(JsonNode line) {
        int exchange = line.path("exchange").asInt();
        TapResult request = requests.get(exchange);
        if (request != null && line.path("what").asText().equals("upstream-failed")) {
            // the proxy's answer (a 502 fault) carries the violations of the missing response
            String detail = line.path("detail").asText();
            merge(line, () -> missing.put(exchange, winrm.upstreamFailed(events, exchange, request, detail)));
        } else {
            passThrough(line);
        }
    }

    private void handshake(JsonNode line) {
        int exchange = line.path("exchange").asInt();
        HttpHead request = RecordedEvents.head(line.path("request"));
        HttpHead response = RecordedEvents.head(line.path("response"));
        byte[] body = RecordedEvents.base64(line, "body");
        boolean upgraded = line.path("upgraded").asBoolean();
        Verdict verdict = Verdict.valueOf(line.path("verdict").asText(Verdict.FORWARDED.name()));
        if (response.status() == 101 || verdict == Verdict.FORWARDED) {
            // the upstream's answer, checked against the request
            HandshakeOutcome outcome = WsHandshakes.check(request, response);
            merge(line, () -> WsHandshakes.emit(events, exchange, request, response, body, upgraded, outcome, verdict));
            if (upgraded) {
                decoders = WsDecoders.of(outcome.extensionsInUse(), WsLimits.DEFAULT);
            }
            return;
        }
        // the proxy answered itself: a 400 for an upgrade request names what is wrong with it (WebSocketRelay)
        List<Violation> found = response.status() == 400 && WsHandshakes.request(request).headers().listContains("Upgrade", "websocket")
                ? HandshakeChecker.checkRequest(WsHandshakes.request(request)) : List.of();
        merge(line, () -> events.emit(s -> new TapEvent.WsHandshakeRelayed(sessionId, s, t, exchange, request, response,
                body, false, null, List.of(), found, verdict)));
    }

    private void chunk(JsonNode line) {
        passThrough(line);
        if (decoders != null && !halted) {
            Direction dir = RecordedEvents.direction(line, "dir");
            byte[] data = RecordedEvents.base64(line, "data");
            for (WsEvent e : decoders.of(dir).feed(data, 0, data.length)) {
                ws.emit(dir, e);
            }
        }
    }

    /** A primary line the decoders do not touch: as recorded, renumbered. */
    private void passThrough(JsonNode line) {
        long s = seq++;
        ObjectNode json = line.deepCopy();
        json.put("seq", s);
        out.add(new Line(json, RecordedEvents.raw(sessionId, s, line)));
    }

    /**
     * Runs the shared decoding code for a primary line, whose first event is that line again: it keeps
     * its recorded fields (heads as redacted, bodies, fields this Tapdeck does not know) and takes the
     * fresh derived ones.
     */
    private void merge(JsonNode line, Runnable decode) {
        int at = out.size();
        decode.run();
        Line fresh = out.get(at);
        ObjectNode json = fresh.json();
        line.fields().forEachRemaining(f -> {
            if (!DERIVED_FIELDS.contains(f.getKey()) && !f.getKey().equals("seq")) {
                json.set(f.getKey(), f.getValue().deepCopy());
            }
        });
    }

    /**
     * Who an Authorization value authenticates, as the proxy saw it: the Basic user or the NTLM {@code DOMAIN&#92;user},
     * recorded in clear or redacted ({@code Basic user=NAME password=tapdeck-redacted-1},
     * {@code Negotiate tapdeck-redacted-2 (NTLM AUTHENTICATE user=DOM&#92;NAME)}); null when it names nobody.
     */
    static String userOf(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String rest = authorization.substring(6).trim();
            if (rest.startsWith("user=")) {
                int end = rest.indexOf(" password=");
                return rest.substring(5, end < 0 ? rest.length() : end);
            }
            return HeaderRedactor.basicUser(rest);
        }
        String marker = "(NTLM AUTHENTICATE user=";
        int at = authorization.indexOf(marker);
        if (at >= 0 && authorization.endsWith(")")) {
            return authorization.substring(at + marker.length(), authorization.length() - 1);
        }
        return AuthHeaderTokens.ntlmOf(authorization)
                .map(m -> m instanceof NtlmMessage.Authenticate a ? a.account() : null).orElse(null);
    }
}
