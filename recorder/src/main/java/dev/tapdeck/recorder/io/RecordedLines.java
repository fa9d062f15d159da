package dev.tapdeck.recorder.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.recorder.HttpHead;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Reading the fields of recording lines (FORMAT.md) that every exporter needs. */
final class RecordedLines {
    private RecordedLines() {
    }

    /** The value of the first header called {@code name} (any case) of a recorded head, null when absent. */
    static String header(JsonNode head, String name) {
        for (JsonNode h : head.path("headers")) {
            if (h.path(0).asText().equalsIgnoreCase(name)) {
                return h.path(1).asText();
            }
        }
        return null;
    }

    /** A recorded head ("head", "request" or "response" of a line) as the recorder's record. */
    static HttpHead head(JsonNode head) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (JsonNode h : head.path("headers")) {
            headers.add(Map.entry(h.path(0).asText(), h.path(1).asText()));
        }
        String version = head.path("version").asText("HTTP/1.1");
        return head.has("method") ? HttpHead.request(head.path("method").asText(), head.path("uri").asText("/"), version, headers)
                : HttpHead.response(head.path("status").asInt(), version, headers);
    }

    /** The base64 field {@code field} of a line as bytes (empty when absent). */
    static byte[] bytes(JsonNode line, String field) {
        return Base64.getDecoder().decode(line.path(field).asText(""));
    }

    /** The bytes as text when they are valid UTF-8, else null. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The instant of a line: the header's start plus the line's monotonic offset. */
    static Instant at(JsonNode header, long offsetNanos) {
        return Instant.parse(header.path("startedAt").asText(Instant.EPOCH.toString())).plusNanos(offsetNanos);
    }

    /** The upstream of a header as a URI, null when it is not one. */
    static URI upstream(JsonNode header) {
        try {
            URI u = URI.create(header.path("upstream").asText(""));
            return u.getHost() == null ? null : u;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
