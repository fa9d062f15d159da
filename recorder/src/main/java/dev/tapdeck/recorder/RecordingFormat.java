package dev.tapdeck.recorder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapdeck.protocol.rules.Violation;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The recording format, version 1: JSON Lines, one file per session. Line 1 is the header, then one line
 * per event, then a trailer when the session ended. Raw bytes are primary (base64); decoded annotations
 * and violations are derived and may be recomputed by a newer decoder. See recorder/FORMAT.md.
 */
public final class RecordingFormat {
    public static final String FORMAT = "tapdeck-recording";
    public static final int VERSION = 1;
    public static final String FILE_SUFFIX = ".tdrec.jsonl";
    /** The line written when a limit stops a recording's events (FORMAT.md, "Limits"). */
    public static final String RECORDING_STOPPED = "recording-stopped";

    static final ObjectMapper JSON = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.INDENT_OUTPUT);

    private RecordingFormat() {
    }

    public static ObjectMapper mapper() {
        return JSON;
    }

    /** A line as written: compact JSON in UTF-8, then a newline. */
    static byte[] line(ObjectNode json) {
        try {
            byte[] b = JSON.writeValueAsBytes(json);
            byte[] out = java.util.Arrays.copyOf(b, b.length + 1);
            out[b.length] = '\n';
            return out;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that cannot be written: " + e.getOriginalMessage(), e);
        }
    }

    /** The line of an event as written, newline included; a raw WebSocket chunk without building its tree. */
    static byte[] lineOf(TapEvent event) {
        return event instanceof TapEvent.WsChunkRelayed c ? WsLines.chunkLine(c) : line(toJson(event));
    }

    /** The JSON line for an event (without the trailing newline). */
    public static ObjectNode toJson(TapEvent event) {
        ObjectNode n = JSON.createObjectNode();
        if (event instanceof TapEvent.SessionStarted s) {
            n.put("format", FORMAT).put("version", VERSION).put("type", "header")
                    .put("sessionId", s.sessionId()).put("seq", s.seq()).put("t", s.offsetNanos())
                    .put("protocol", s.protocol()).put("listener", s.listener()).put("client", s.client())
                    .put("upstream", s.upstream()).put("startedAt", Instant.ofEpochMilli(s.startedAtEpochMillis()).toString())
                    .put("tapdeck", s.tapdeckVersion()).put("redacted", s.redacted());
            if (!s.redaction().isEmpty()) {
                ArrayNode kinds = n.putArray("redaction");
                s.redaction().forEach(kinds::add);
            }
            if (s.upstreamInsecure()) {
                // --upstream-insecure: whoever reads the recording learns the server was not authenticated
                n.put("upstreamInsecure", true);
            }
            return n;
        }
        n.put("seq", event.seq()).put("t", event.offsetNanos());
        if (event instanceof TapEvent.HttpMessageCaptured m) {
            n.put("type", "http").put("exchange", m.exchange()).put("dir", m.direction().code());
            n.set("head", head(m.head()));
            n.put("body", Base64.getEncoder().encodeToString(m.body()));
            if (m.plaintext() != null) {
                n.put("plaintext", Base64.getEncoder().encodeToString(m.plaintext()));
            }
            if (m.annotation() != null) {
                n.set("decoded", JSON.valueToTree(m.annotation()));
            }
            n.set("violations", violations(m.violations()));
            n.put("verdict", m.verdict().name());
        } else if (event instanceof TapEvent.TransportFailed f) {
            n.put("type", "transport-failed").put("exchange", f.exchange()).put("what", f.what()).put("detail", f.detail());
        } else if (event instanceof TapEvent.CommandAudited a) {
            n.put("type", "audit").setAll(AuditFormat.toJson(a));
        } else if (event instanceof TapEvent.PluginDecided d) {
            n.put("type", "plugin").put("exchange", d.exchange()).put("plugin", d.plugin()).put("subject", d.subject())
                    .put("outcome", d.outcome().name()).put("code", d.code()).put("reason", d.reason())
                    .put("waited", d.waitedNanos());
        } else if (WsLines.fill(event, n)) {
            return n;
        } else if (event instanceof TapEvent.SessionEnded e) {
            n.put("type", "end").put("reason", e.reason()).put("exchanges", e.exchanges());
            n.putObject("bytes").put("c2s", e.bytesFromClient()).put("s2c", e.bytesFromServer());
            if (!e.redactions().isEmpty()) {
                ObjectNode counts = n.putObject("redactions");
                e.redactions().forEach(counts::put);
            }
        }
        return n;
    }

    static ObjectNode head(HttpHead head) {
        ObjectNode h = JSON.createObjectNode();
        if (head.isRequest()) {
            h.put("method", head.method()).put("uri", head.uri());
        } else {
            h.put("status", head.status());
        }
        h.put("version", head.version());
        ArrayNode headers = h.putArray("headers");
        for (Map.Entry<String, String> e : head.headers()) {
            headers.addArray().add(e.getKey()).add(e.getValue());
        }
        return h;
    }

    public static ArrayNode violations(List<Violation> violations) {
        ArrayNode a = JSON.createArrayNode();
        for (Violation v : violations) {
            a.addObject().put("rule", v.rule().id()).put("severity", v.severity().name())
                    .put("section", v.rule().section()).put("subject", v.subject()).put("detail", v.detail());
        }
        return a;
    }
}
