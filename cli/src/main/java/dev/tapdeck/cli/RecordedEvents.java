package dev.tapdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.protocol.rules.Rule;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.HttpHead;
import dev.tapdeck.recorder.TapEvent;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The primary (raw) lines of a recording read back as the tap's events, so the console formatting and the
 * decoders can take them: heads, headers, transport failures, chunks, enforcement, the trailer. Derived
 * lines are never read back: they are decoded again (see {@link Redecoder}).
 */
final class RecordedEvents {
    private static final Map<String, Rule> RULES = RulesCommand.catalogue().stream()
            .collect(Collectors.toMap(Rule::id, Function.identity()));

    private RecordedEvents() {
    }

    static HttpHead head(JsonNode h) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (JsonNode pair : h.path("headers")) {
            headers.add(Map.entry(pair.path(0).asText(""), pair.path(1).asText("")));
        }
        String version = h.path("version").asText("HTTP/1.1");
        return h.has("method") ? HttpHead.request(h.path("method").asText(), h.path("uri").asText(""), version, headers)
                : HttpHead.response(h.path("status").asInt(), version, headers);
    }

    static byte[] base64(JsonNode line, String field) {
        String text = line.path(field).asText("");
        return text.isEmpty() ? new byte[0] : Base64.getDecoder().decode(text);
    }

    static Direction direction(JsonNode line, String field) {
        return Direction.ofCode(line.path(field).asText());
    }

    /** A recorded violation of a rule this Tapdeck knows, else null (a rule of another version). */
    static Violation violation(JsonNode v) {
        Rule rule = RULES.get(v.path("rule").asText());
        return rule == null ? null : new Violation(rule, v.path("subject").asText(""), v.path("detail").asText(""));
    }

    /** Epoch milliseconds of the header's {@code startedAt}, 0 when absent or unreadable. */
    static long startedAt(JsonNode header) {
        try {
            return Instant.parse(header.path("startedAt").asText()).toEpochMilli();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    private static java.util.List<String> redactionKinds(JsonNode h) {
        java.util.List<String> kinds = new java.util.ArrayList<>();
        h.path("redaction").forEach(k -> kinds.add(k.asText()));
        return kinds;
    }

    static TapEvent.SessionStarted sessionStarted(JsonNode h) {
        return new TapEvent.SessionStarted(h.path("sessionId").asText(), h.path("seq").asLong(), h.path("t").asLong(),
                h.path("protocol").asText(), h.path("listener").asText(), h.path("client").asText(),
                h.path("upstream").asText(), startedAt(h), h.path("tapdeck").asText(), h.path("redacted").asBoolean(),
                redactionKinds(h), h.path("upstreamInsecure").asBoolean());
    }

    /**
     * The event of a primary line that no decoder produces (trailer, transport failure, chunk, enforcement),
     * null for any other line.
     */
    static TapEvent raw(String sessionId, long seq, JsonNode n) {
        long t = n.path("t").asLong();
        switch (n.path("type").asText()) {
            case "end":
                return new TapEvent.SessionEnded(sessionId, seq, t, n.path("reason").asText(), n.path("exchanges").asInt(),
                        n.path("bytes").path("c2s").asLong(), n.path("bytes").path("s2c").asLong());
            case "transport-failed":
                return new TapEvent.TransportFailed(sessionId, seq, t, n.path("exchange").asInt(), n.path("what").asText(),
                        n.path("detail").asText());
            case "ws-chunk": {
                byte[] data = base64(n, "data");
                long off = n.path("off").asLong();
                return new TapEvent.WsChunkRelayed(sessionId, seq, t, direction(n, "dir"), off, data,
                        n.path("fwd").asLong(off + data.length));
            }
            case "ws-enforced": {
                Violation v = violation(n.path("violation"));
                if (v == null) {
                    return null;
                }
                return new TapEvent.WsPolicyEnforced(sessionId, seq, t, direction(n, "offender"), v,
                        n.path("closeCode").asInt(), TapEvent.WsOutcome.valueOf(n.path("towardServer").asText()),
                        TapEvent.WsOutcome.valueOf(n.path("towardClient").asText()),
                        n.has("closeToServer") ? base64(n, "closeToServer") : null,
                        n.has("closeToClient") ? base64(n, "closeToClient") : null);
            }
            default:
                return null;
        }
    }
}
