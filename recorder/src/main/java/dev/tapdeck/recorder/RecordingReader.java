package dev.tapdeck.recorder;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads a recording back, whole, through {@link RecordingLines} (which checks the header's format version,
 * so a later format brings a migration instead of breaking old files). A file cut by a crash or
 * {@code kill -9} reads up to its last complete event: a last line without its newline that is not a whole
 * JSON object (a truncated multi-byte UTF-8 character included) is the torn tail, reported and not fatal; a
 * damaged line elsewhere is listed in {@link Recording#damaged()} and the lines after it are still read.
 */
public final class RecordingReader {
    /**
     * A recording as read.
     *
     * @param header   the header line
     * @param events   every complete event line after the header
     * @param tornTail the unreadable last line, null when the file ended cleanly
     * @param ended    whether the trailer ("end") line is present
     * @param damaged  lines before the last that are not complete events (a write failure, tampering), at most
     *                 {@link RecordingLines#MAX_DAMAGED_LISTED}
     */
    public record Recording(JsonNode header, List<JsonNode> events, String tornTail, boolean ended,
                            List<RecordingLines.Line> damaged) {
        public Recording {
            events = List.copyOf(events);
            damaged = List.copyOf(damaged);
        }

        public Recording(JsonNode header, List<JsonNode> events, String tornTail, boolean ended) {
            this(header, events, tornTail, ended, List.of());
        }

        /** The trailer line, null when the file has none (cut short). */
        public JsonNode trailer() {
            for (int i = events.size() - 1; i >= 0; i--) {
                if ("end".equals(events.get(i).path("type").asText())) {
                    return events.get(i);
                }
            }
            return null;
        }

        /** Whether events are missing: no trailer, a torn or damaged line, or a trailer saying {@code "incomplete":true}. */
        public boolean incomplete() {
            JsonNode t = trailer();
            return t == null || t.path("incomplete").asBoolean(false) || tornTail != null || !damaged.isEmpty();
        }

        /** HTTP message events of one direction, in order. */
        public List<JsonNode> http(Direction direction) {
            return events.stream().filter(e -> "http".equals(e.path("type").asText()))
                    .filter(e -> direction.code().equals(e.path("dir").asText())).toList();
        }

        /** Lines of one type ("ws-frame", "ws-violation", ...), in order. */
        public List<JsonNode> ofType(String type) {
            return events.stream().filter(e -> type.equals(e.path("type").asText())).toList();
        }

        /** The bytes one WebSocket direction carried, rebuilt from its "ws-chunk" lines. */
        public byte[] wsBytes(Direction direction) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (JsonNode c : ofType("ws-chunk")) {
                if (direction.code().equals(c.path("dir").asText())) {
                    byte[] b = Base64.getDecoder().decode(c.path("data").asText(""));
                    out.write(b, 0, b.length);
                }
            }
            return out.toByteArray();
        }

        public static byte[] body(JsonNode httpEvent) {
            return Base64.getDecoder().decode(httpEvent.path("body").asText(""));
        }

        /** The decrypted plaintext of a multipart/encrypted body, or null when the line has none. */
        public static byte[] plaintext(JsonNode httpEvent) {
            JsonNode p = httpEvent.get("plaintext");
            return p == null ? null : Base64.getDecoder().decode(p.asText(""));
        }
    }

    private RecordingReader() {
    }

    /** Reads a whole recording into memory (tests, replay): {@link RecordingLines} streams one of any size. */
    public static Recording read(Path file) throws IOException {
        try (RecordingLines lines = RecordingLines.open(file)) {
            List<JsonNode> events = new ArrayList<>();
            boolean ended = false;
            for (JsonNode e = lines.next(); e != null; e = lines.next()) {
                events.add(e);
                ended |= "end".equals(e.path("type").asText());
            }
            return new Recording(lines.header(), events, lines.tornTail(), ended, lines.damaged());
        }
    }
}
