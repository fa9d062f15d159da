package dev.tapdeck.recorder;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a recording back. Dispatches on the header's format version so a later format brings a migration
 * instead of breaking old files. A file cut by a crash or {@code kill -9} reads up to its last complete
 * event: a last line without its newline that is not a whole JSON object (a truncated multi-byte UTF-8
 * character included) is the torn tail, reported and not fatal; a damaged line elsewhere is listed in
 * {@link Recording#damaged()} and the lines after it are still read.
 */
public final class RecordingReader {
    /** Longest line read (a body of the largest body limit, in base64, fits); longer ones are reported damaged. */
    public static final int MAX_LINE_BYTES = 256 * 1024 * 1024;

    private static final ObjectReader STRICT = RecordingFormat.JSON.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * A recording as read.
     *
     * @param header   the header line
     * @param events   every complete event line after the header
     * @param tornTail the unreadable last line, null when the file ended cleanly
     * @param ended    whether the trailer ("end") line is present
     * @param damaged  lines before the last that are not complete events (a write failure, tampering)
     */
    public record Recording(JsonNode header, List<JsonNode> events, String tornTail, boolean ended,
                            List<Line> damaged) {
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

    /**
     * One line of a recording file as read.
     *
     * @param number     line number, from 1
     * @param json       the JSON object, null when the line is not one
     * @param problem    why it is not (not UTF-8, not JSON, over {@link #MAX_LINE_BYTES}, blank), null when it is
     * @param text       the line (malformed UTF-8 replaced by U+FFFD; the first 200 characters of a damaged line)
     * @param terminated whether the line ends with a newline (only the last line of a cut file does not)
     */
    public record Line(long number, JsonNode json, String problem, String text, boolean terminated) {
    }

    private RecordingReader() {
    }

    public static Recording read(Path file) throws IOException {
        List<Line> lines = new ArrayList<>();
        scan(file, line -> {
            if (line.json() != null || !"blank line".equals(line.problem())) {
                lines.add(line);
            }
        });
        if (lines.isEmpty()) {
            throw new IOException(file + ": empty recording (no header line)");
        }
        JsonNode header = header(file, lines.get(0));
        List<JsonNode> events = new ArrayList<>();
        List<Line> damaged = new ArrayList<>();
        String torn = null;
        boolean ended = false;
        for (int i = 1; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (l.json() != null) {
                events.add(l.json());
                ended |= "end".equals(l.json().path("type").asText());
            } else if (i == lines.size() - 1 && !l.terminated()) {
                torn = l.text();
            } else {
                damaged.add(l);
            }
        }
        return new Recording(header, events, torn, ended, damaged);
    }

    /** Checks a header line read by a streaming reader (like {@code tapdeck inspect}): see {@link #header(Path, Line)}. */
    public static JsonNode header(Path file, String line) throws IOException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return header(file, parse(1, bytes, bytes.length, true));
    }

    /** The header of a recording, checked: format name and a version this reader knows. */
    static JsonNode header(Path file, Line first) throws IOException {
        if (first.json() == null) {
            throw new IOException(file + ": line 1 is not a header: " + first.problem());
        }
        JsonNode header = first.json();
        if (!RecordingFormat.FORMAT.equals(header.path("format").asText())) {
            throw new IOException(file + ": not a Tapdeck recording (format '" + header.path("format").asText() + "')");
        }
        int version = header.path("version").asInt(-1);
        if (version != RecordingFormat.VERSION) {
            throw new IOException(file + ": recording format version " + version + " is not supported by this Tapdeck"
                    + " (reads version " + RecordingFormat.VERSION + ")");
        }
        return header;
    }

    /** Reads the file line by line without keeping it in memory; each line is parsed or says why not. */
    public static void scan(Path file, Consumer<Line> visitor) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[64 * 1024];
            byte[] buf = new byte[8192];
            int len = 0;
            boolean over = false;
            long number = 0;
            for (int n = in.read(chunk); n != -1; n = in.read(chunk)) {
                int from = 0;
                while (from < n) {
                    int nl = from;
                    while (nl < n && chunk[nl] != '\n') {
                        nl++;
                    }
                    int take = nl - from;
                    if (!over && (long) len + take > MAX_LINE_BYTES) {
                        over = true; // keep what was read for the message, skip the rest of the line
                    }
                    if (!over) {
                        if (len + take > buf.length) {
                            buf = java.util.Arrays.copyOf(buf, (int) Math.min(Math.max((long) buf.length * 2, (long) len + take),
                                    MAX_LINE_BYTES));
                        }
                        System.arraycopy(chunk, from, buf, len, take);
                        len += take;
                    }
                    if (nl < n) {
                        visitor.accept(over ? overLimit(++number, buf, len, true) : parse(++number, buf, len, true));
                        len = 0;
                        over = false;
                    }
                    from = nl + 1;
                }
            }
            if (len > 0 || over) {
                visitor.accept(over ? overLimit(++number, buf, len, false) : parse(++number, buf, len, false));
            }
        }
    }

    private static Line overLimit(long number, byte[] buf, int len, boolean terminated) {
        return new Line(number, null, "longer than MAX_LINE_BYTES (" + MAX_LINE_BYTES + ")", preview(lenient(buf, len)), terminated);
    }

    private static Line parse(long number, byte[] buf, int len, boolean terminated) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(buf, 0, len)).toString();
        } catch (CharacterCodingException e) {
            // a crash inside a multi-byte character ends the line with a partial one
            String lenient = lenient(buf, len);
            return new Line(number, null, "not valid UTF-8", terminated ? preview(lenient) : lenient, terminated);
        }
        if (text.isBlank()) {
            return new Line(number, null, "blank line", text, terminated);
        }
        try {
            JsonNode n = STRICT.readTree(text);
            if (n != null && n.isObject()) {
                return new Line(number, n, null, text, terminated);
            }
            return new Line(number, null, "not a JSON object", preview(text), terminated);
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            return new Line(number, null, "not JSON: " + why, terminated ? preview(text) : text, terminated);
        }
    }

    private static String lenient(byte[] buf, int len) {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    private static String preview(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
