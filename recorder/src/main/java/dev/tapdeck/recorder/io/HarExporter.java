package dev.tapdeck.recorder.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.RecordingLines;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Writes a recording as HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), streamed: entries go
 * out as the recording is read, a request waits only for its response. One entry per HTTP exchange, with
 * the request and response heads in wire order, bodies as text when they are UTF-8 (else base64:
 * {@code content.encoding}, and {@code postData._encoding} since HAR 1.2 has no encoding for requests),
 * and timings from the recorded offsets. A WebSocket session is one entry with
 * {@code "_resourceType":"websocket"} and {@code _webSocketMessages} as Chrome DevTools writes them:
 * {@code type} send/receive, {@code time} in epoch seconds, {@code opcode}, {@code data} (text, or base64
 * for binary and control frames). Each entry is one frame, cut from the raw chunks; a frame's payload
 * is kept in memory while it is written, up to {@link #MAX_FRAME_PAYLOAD}. Exact offsets and the
 * recording's header go in {@code _tapdeck} fields so that {@link HarImporter} restores them.
 */
public final class HarExporter {
    /** Largest WebSocket frame payload an export holds while writing it (bytes). */
    public static final int MAX_FRAME_PAYLOAD = 64 << 20;
    public static final String CREATOR = "Tapdeck";

    private final JsonNode header;
    private final JsonGenerator g;
    private final Map<Integer, JsonNode> pending = new LinkedHashMap<>();
    private HarWebSocketMessages webSocket;
    private boolean wsOpen;

    private HarExporter(JsonNode header, JsonGenerator g) {
        this.header = header;
        this.g = g;
    }

    /**
     * Writes {@code recording} as HAR to {@code out} (left open); {@code progress} gets bytes read. Returns what
     * could not be read (damaged lines skipped, a torn last line: {@link RecordingLines#problems()}), null when all was.
     */
    public static String export(Path recording, OutputStream out, LongConsumer progress) throws IOException {
        try (RecordingLines lines = RecordingLines.open(recording, progress);
             JsonGenerator g = RecordingFormat.mapper().getFactory().createGenerator(out)
                     .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            g.useDefaultPrettyPrinter();
            new HarExporter(lines.header(), g).write(lines);
            return lines.problems();
        }
    }

    private void write(RecordingLines lines) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("log");
        g.writeStringField("version", "1.2");
        g.writeObjectFieldStart("creator");
        g.writeStringField("name", CREATOR);
        g.writeStringField("version", RecordingFileWriter.tapdeckVersion());
        g.writeEndObject();
        g.writeStringField("comment", "Tapdeck recording " + header.path("sessionId").asText());
        g.writeFieldName("_tapdeck");
        g.writeTree(header);
        g.writeArrayFieldStart("entries");
        for (JsonNode line = lines.next(); line != null; line = lines.next()) {
            String type = line.path("type").asText();
            if ("http".equals(type)) {
                int exchange = line.path("exchange").asInt();
                if ("c2s".equals(line.path("dir").asText())) {
                    pending.put(exchange, line);
                } else {
                    entry(pending.remove(exchange), line, null);
                }
            } else if ("transport-failed".equals(type) && pending.containsKey(line.path("exchange").asInt())) {
                entry(pending.remove(line.path("exchange").asInt()), null, line);
            } else if ("ws-handshake".equals(type)) {
                handshake(line);
            } else if ("ws-chunk".equals(type) && wsOpen) {
                chunk(line);
            }
        }
        for (JsonNode request : pending.values()) {
            entry(request, null, null);
        }
        closeWebSocket();
        g.writeEndArray();
        if (lines.tornTail() != null) {
            g.writeBooleanField("_tornTail", true);
        }
        if (lines.damagedCount() > 0) {
            g.writeNumberField("_damagedLines", lines.damagedCount());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** One exchange; {@code response} null when it failed ({@code failure}) or never came. */
    private void entry(JsonNode request, JsonNode response, JsonNode failure) throws IOException {
        closeWebSocket();
        if (request == null) {
            return; // a response without its request: nothing HAR can say about it
        }
        long t0 = request.path("t").asLong();
        JsonNode end = response != null ? response : failure;
        long t1 = end == null ? t0 : end.path("t").asLong();
        startEntry(t0, t1, request.path("head"), RecordedLines.bytes(request, "body"));
        if (response != null) {
            response(response.path("head"), RecordedLines.bytes(response, "body"));
        } else {
            failedResponse(failure == null ? "no response recorded"
                    : failure.path("what").asText() + ": " + failure.path("detail").asText());
        }
        endEntryHead(t0, t1);
        g.writeObjectFieldStart("_tapdeck");
        g.writeNumberField("exchange", request.path("exchange").asInt());
        g.writeNumberField("requestT", t0);
        if (end != null) {
            g.writeNumberField("responseT", t1);
        }
        if (failure != null) {
            g.writeStringField("what", failure.path("what").asText());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private void handshake(JsonNode line) throws IOException {
        closeWebSocket();
        long t = line.path("t").asLong();
        startEntry(t, t, line.path("request"), new byte[0]);
        response(line.path("response"), RecordedLines.bytes(line, "body"));
        endEntryHead(t, t);
        g.writeObjectFieldStart("_tapdeck");
        g.writeNumberField("exchange", line.path("exchange").asInt());
        g.writeNumberField("requestT", t);
        g.writeNumberField("responseT", t);
        g.writeEndObject();
        if (!line.path("upgraded").asBoolean()) {
            g.writeEndObject();
            return;
        }
        g.writeStringField("_resourceType", "websocket");
        g.writeArrayFieldStart("_webSocketMessages");
        wsOpen = true;
        webSocket = new HarWebSocketMessages(g, MAX_FRAME_PAYLOAD);
    }

    private void chunk(JsonNode line) throws IOException {
        Instant at = RecordedLines.at(header, line.path("t").asLong());
        byte[] data = RecordedLines.bytes(line, "data");
        webSocket.chunk("c2s".equals(line.path("dir").asText()), at.getEpochSecond() + at.getNano() / 1e9, data);
    }

    private void closeWebSocket() throws IOException {
        if (wsOpen) {
            g.writeEndArray();
            g.writeEndObject();
            wsOpen = false;
        }
    }

    private void startEntry(long t0, long t1, JsonNode head, byte[] body) throws IOException {
        g.writeStartObject();
        g.writeStringField("startedDateTime", RecordedLines.at(header, t0).truncatedTo(ChronoUnit.MILLIS).toString());
        g.writeNumberField("time", millis(t1 - t0));
        g.writeObjectFieldStart("request");
        g.writeStringField("method", head.path("method").asText("GET"));
        String uri = head.path("uri").asText("/");
        g.writeStringField("url", HarFields.url(RecordedLines.upstream(header), uri, RecordedLines.header(head, "Host")));
        g.writeStringField("httpVersion", head.path("version").asText("HTTP/1.1"));
        g.writeArrayFieldStart("cookies");
        g.writeEndArray();
        headers(head);
        g.writeArrayFieldStart("queryString");
        HarFields.queryString(g, uri);
        g.writeEndArray();
        if (body.length > 0) {
            g.writeObjectFieldStart("postData");
            g.writeStringField("mimeType", HarFields.mimeType(head));
            g.writeArrayFieldStart("params");
            g.writeEndArray();
            bodyText(head, body, "_encoding");
            g.writeEndObject();
        }
        g.writeNumberField("headersSize", -1);
        g.writeNumberField("bodySize", body.length);
        g.writeEndObject();
    }

    private void response(JsonNode head, byte[] body) throws IOException {
        g.writeObjectFieldStart("response");
        int status = head.path("status").asInt();
        g.writeNumberField("status", status);
        g.writeStringField("statusText", HttpStatusText.of(status));
        g.writeStringField("httpVersion", head.path("version").asText("HTTP/1.1"));
        g.writeArrayFieldStart("cookies");
        g.writeEndArray();
        headers(head);
        g.writeObjectFieldStart("content");
        g.writeNumberField("size", body.length);
        g.writeStringField("mimeType", HarFields.mimeType(head));
        if (body.length > 0) {
            bodyText(head, body, "encoding");
        }
        g.writeEndObject();
        String location = RecordedLines.header(head, "Location");
        g.writeStringField("redirectURL", location == null ? "" : location);
        g.writeNumberField("headersSize", -1);
        g.writeNumberField("bodySize", body.length);
        g.writeEndObject();
    }

    /** HAR's way of saying that no response came: status 0 (as browsers write it) and the reason. */
    private void failedResponse(String error) throws IOException {
        g.writeObjectFieldStart("response");
        g.writeNumberField("status", 0);
        g.writeStringField("statusText", "");
        g.writeStringField("httpVersion", "");
        g.writeArrayFieldStart("cookies");
        g.writeEndArray();
        g.writeArrayFieldStart("headers");
        g.writeEndArray();
        g.writeObjectFieldStart("content");
        g.writeNumberField("size", 0);
        g.writeStringField("mimeType", "");
        g.writeEndObject();
        g.writeStringField("redirectURL", "");
        g.writeNumberField("headersSize", -1);
        g.writeNumberField("bodySize", -1);
        g.writeStringField("_error", error);
        g.writeEndObject();
    }

    private void endEntryHead(long t0, long t1) throws IOException {
        g.writeObjectFieldStart("cache");
        g.writeEndObject();
        g.writeObjectFieldStart("timings");
        g.writeNumberField("send", 0);
        g.writeNumberField("wait", millis(t1 - t0));
        g.writeNumberField("receive", 0);
        g.writeEndObject();
        g.writeStringField("connection", header.path("sessionId").asText());
    }

    private void headers(JsonNode head) throws IOException {
        g.writeArrayFieldStart("headers");
        for (JsonNode h : head.path("headers")) {
            g.writeStartObject();
            g.writeStringField("name", h.path(0).asText());
            g.writeStringField("value", h.path(1).asText());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void bodyText(JsonNode head, byte[] body, String encodingField) throws IOException {
        String type = HarFields.mimeType(head).toLowerCase(java.util.Locale.ROOT);
        // multipart/encrypted (NTLM-sealed WinRM) is binary even when a part happens to decode
        String text = type.startsWith("multipart/encrypted") ? null : RecordedLines.utf8(body);
        if (text != null) {
            g.writeStringField("text", text);
        } else {
            g.writeStringField("text", Base64.getEncoder().encodeToString(body));
            g.writeStringField(encodingField, "base64");
        }
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1000.0) / 1000.0;
    }
}
