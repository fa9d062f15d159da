package dev.tapdeck.recorder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads a recording back. Dispatches on the header's format version so a later format brings a migration
 * instead of breaking old files; a torn last line (crash, kill -9) is reported, not fatal.
 */
public final class RecordingReader {

    /**
     * A recording as read.
     *
     * @param header   the header line
     * @param events   every complete event line after the header
     * @param tornTail the unreadable last line, null when the file ended cleanly
     * @param ended    whether the trailer ("end") line is present
     */
    public record Recording(JsonNode header, List<JsonNode> events, String tornTail, boolean ended) {
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

    public static Recording read(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        }
        if (lines.isEmpty()) {
            throw new IOException(file + ": empty recording (no header line)");
        }
        JsonNode header = RecordingFormat.JSON.readTree(lines.get(0));
        if (!RecordingFormat.FORMAT.equals(header.path("format").asText())) {
            throw new IOException(file + ": not a Tapdeck recording (format '" + header.path("format").asText() + "')");
        }
        int version = header.path("version").asInt(-1);
        if (version != RecordingFormat.VERSION) {
            throw new IOException(file + ": recording format version " + version + " is not supported by this Tapdeck"
                    + " (reads version " + RecordingFormat.VERSION + ")");
        }
        List<JsonNode> events = new ArrayList<>();
        String torn = null;
        boolean ended = false;
        for (int i = 1; i < lines.size(); i++) {
            try {
                JsonNode n = RecordingFormat.JSON.readTree(lines.get(i));
                events.add(n);
                ended |= "end".equals(n.path("type").asText());
            } catch (JsonProcessingException e) {
                if (i == lines.size() - 1) {
                    torn = lines.get(i);
                } else {
                    throw new IOException(file + ": line " + (i + 1) + " is not JSON: " + e.getOriginalMessage());
                }
            }
        }
        return new Recording(header, events, torn, ended);
    }
}
