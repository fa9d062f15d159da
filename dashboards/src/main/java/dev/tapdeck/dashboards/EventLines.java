package dev.tapdeck.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.TapEvent;

/**
 * Events as the pages see them: the recording line of the event (recorder/FORMAT.md), so a live session
 * and an opened recording render alike, with bodies and chunks cut to the memory limit. A cut line keeps
 * the original size in {@code bodyBytes} / {@code dataBytes} and says {@code bodyTruncated} / {@code dataTruncated}.
 */
final class EventLines {
    private EventLines() {
    }

    /** The line of a live event, bytes fields cut to {@code maxBytes}. */
    static ObjectNode line(TapEvent event, int maxBytes) {
        return trim(RecordingFormat.toJson(event), maxBytes);
    }

    /** Cuts the base64 {@code body} and {@code data} fields of a line to {@code maxBytes} decoded bytes. */
    static ObjectNode trim(ObjectNode line, int maxBytes) {
        cut(line, "body", maxBytes);
        cut(line, "data", maxBytes);
        return line;
    }

    /** Bytes a base64 field stands for: the recorded size when it was cut, else its decoded length. */
    static long bytesOf(JsonNode line, String field) {
        JsonNode size = line.get(field + "Bytes");
        if (size != null && size.isNumber()) {
            return size.asLong();
        }
        return decodedLength(line.path(field).asText(""));
    }

    private static void cut(ObjectNode line, String field, int maxBytes) {
        JsonNode v = line.get(field);
        if (v == null || !v.isTextual()) {
            return;
        }
        String b64 = v.asText();
        long bytes = decodedLength(b64);
        line.put(field + "Bytes", bytes);
        if (bytes > maxBytes) {
            int keep = (maxBytes / 3) * 4; // whole base64 quanta: the cut text still decodes
            line.put(field, b64.substring(0, keep));
            line.put(field + "Truncated", true);
        }
    }

    static long decodedLength(String b64) {
        int n = b64.length();
        if (n == 0) {
            return 0;
        }
        int pad = b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0;
        return (long) n / 4 * 3 - pad;
    }
}
