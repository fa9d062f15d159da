package dev.tapdeck.recorder.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.recorder.RecordingFormat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Reads a recording one line at a time, for exports of recordings of any size: only the current line
 * (and the next one, to tell a torn last line from a bad line in the middle) is in memory. Same rules as
 * {@link dev.tapdeck.recorder.RecordingReader}: the header must name the format and version 1, a torn
 * last line (crash, kill -9) ends the events and is reported by {@link #tornTail()}.
 */
public final class RecordingLines implements AutoCloseable {
    private final Path file;
    private final BufferedReader reader;
    private final JsonNode header;
    private String lookahead;
    private int lineNumber = 1;
    private int lookaheadLine;
    private String tornTail;

    private RecordingLines(Path file, BufferedReader reader, JsonNode header) throws IOException {
        this.file = file;
        this.reader = reader;
        this.header = header;
        this.lookahead = nextNonBlank();
    }

    /** Opens a recording and reads its header; {@code progress} gets the bytes read so far (may be null). */
    public static RecordingLines open(Path file, LongConsumer progress) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(
                new ProgressInputStream(Files.newInputStream(file), progress), StandardCharsets.UTF_8));
        try {
            String first = r.readLine();
            while (first != null && first.isBlank()) {
                first = r.readLine();
            }
            if (first == null) {
                throw new IOException(file + ": empty recording (no header line)");
            }
            JsonNode header;
            try {
                header = RecordingFormat.mapper().readTree(first);
            } catch (JsonProcessingException e) {
                throw new IOException(file + ": not a Tapdeck recording (the first line is not JSON)");
            }
            if (!RecordingFormat.FORMAT.equals(header.path("format").asText())) {
                throw new IOException(file + ": not a Tapdeck recording (format '" + header.path("format").asText() + "')");
            }
            int version = header.path("version").asInt(-1);
            if (version != RecordingFormat.VERSION) {
                throw new IOException(file + ": recording format version " + version
                        + " is not supported by this Tapdeck (reads version " + RecordingFormat.VERSION + ")");
            }
            return new RecordingLines(file, r, header);
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    public JsonNode header() {
        return header;
    }

    /** The next complete event line, null after the last one. */
    public JsonNode next() throws IOException {
        if (lookahead == null) {
            return null;
        }
        String line = lookahead;
        int number = lookaheadLine;
        lookahead = nextNonBlank();
        try {
            return RecordingFormat.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            if (lookahead == null) {
                tornTail = line;
                return null;
            }
            throw new IOException(file + ": line " + number + " is not JSON: " + e.getOriginalMessage());
        }
    }

    /** The unreadable last line once {@link #next()} returned null, null when the file ended cleanly. */
    public String tornTail() {
        return tornTail;
    }

    private String nextNonBlank() throws IOException {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (!line.isBlank()) {
                lookaheadLine = lineNumber;
                return line;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
