package dev.tapdeck.proxy;

import dev.tapdeck.protocol.ws.HandshakeChecker;
import dev.tapdeck.protocol.ws.HandshakeOutcome;
import dev.tapdeck.protocol.ws.HandshakeRequest;
import dev.tapdeck.protocol.ws.HandshakeResponse;
import dev.tapdeck.protocol.ws.HeaderFields;
import dev.tapdeck.recorder.HttpHead;
import dev.tapdeck.recorder.TapEvent;
import dev.tapdeck.recorder.TapEvent.Verdict;

import java.util.List;
import java.util.Map;

/**
 * The opening handshake as the tap sees it (RFC 6455 4, RFC 7692 7): the checker's view of recorded heads,
 * and the handshake event with what the check found. Shared by the relay and {@code tapdeck recompute}.
 */
public final class WsHandshakes {
    private WsHandshakes() {
    }

    public static HandshakeRequest request(HttpHead head) {
        return new HandshakeRequest(head.method(), head.version(), fields(head.headers()));
    }

    public static HandshakeResponse response(HttpHead head) {
        return new HandshakeResponse(head.status(), head.version(), fields(head.headers()));
    }

    /** Checks the upstream's answer against the request: violations, subprotocol, extensions in use. */
    public static HandshakeOutcome check(HttpHead request, HttpHead response) {
        return HandshakeChecker.check(request(request), response(response));
    }

    /**
     * Emits the handshake event of an upstream's answer.
     *
     * @param request  the request as it may be recorded (redacted)
     * @param response the answer as it may be recorded (redacted)
     */
    public static void emit(SessionEvents s, int exchange, HttpHead request, HttpHead response, byte[] body,
                            boolean upgraded, HandshakeOutcome outcome, Verdict verdict) {
        List<String> extensions = outcome.extensions().stream().map(Object::toString).toList();
        String subprotocol = outcome.subprotocol().orElse(null);
        s.emit(seq -> new TapEvent.WsHandshakeRelayed(s.sessionId(), seq, s.offset(), exchange, request, response, body,
                upgraded, subprotocol, extensions, outcome.violations(), verdict));
    }

    static HeaderFields fields(List<Map.Entry<String, String>> headers) {
        String[] pairs = new String[headers.size() * 2];
        for (int i = 0; i < headers.size(); i++) {
            pairs[2 * i] = headers.get(i).getKey();
            pairs[2 * i + 1] = headers.get(i).getValue();
        }
        return HeaderFields.of(pairs);
    }
}
