package dev.tapdeck.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.RecordingReader;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A recording read line by line, so {@code inspect} and {@code recompute} handle files larger than memory:
 * the header is checked first (format and version, as {@link RecordingReader} does); a torn last line (a
 * crash mid-write) ends the lines and is reported, an unreadable line elsewhere is an error naming it.
 */
final class RecordingLines implements AutoCloseable {
    /** Longest line read: a body is bounded by the proxy's body limit, base64 makes it 4/3 larger. */
    static final int MAX_LINE_CHARS = 64 * 1024 * 1024;

    private final Path file;
    private final CountingStream counted;
    private final BufferedReader reader;
    private final JsonNode header;
    private final long size;
    private String next;
    private long lineNumber = 1;
    private String tornTail;

    RecordingLines(Path file) throws IOException {
        this.file = file;
        this.size = Files.size(file);
        this.counted = new CountingStream(Files.newInputStream(file));
        this.reader = new BufferedReader(new InputStreamReader(counted, StandardCharsets.UTF_8), 1 << 16);
        String first = readLine();
        if (first == null) {
            close();
            throw new IOException(file + ": empty recording (no header line)");
        }
        try {
            this.header = RecordingReader.header(file, first);
        } catch (IOException e) {
            close();
            throw e;
        }
        this.next = readLine();
    }

    JsonNode header() {
        return header;
    }

    /** The next event line, null at the end (or at a torn last line: see {@link #tornTail()}). */
    JsonNode next() throws IOException {
        while (next != null) {
            String line = next;
            next = readLine();
            if (line.isBlank()) {
                continue;
            }
            try {
                return RecordingFormat.mapper().readTree(line);
            } catch (JsonProcessingException e) {
                if (next == null) {
                    tornTail = line;
                    return null;
                }
                throw new IOException(file + ": line " + (lineNumber - 1) + " is not JSON: " + e.getOriginalMessage());
            }
        }
        return null;
    }

    /** The unreadable last line, null when the file ended cleanly. */
    String tornTail() {
        return tornTail;
    }

    /** Bytes of the file read so far (for a progress bar). */
    long bytesRead() {
        return counted.count;
    }

    long size() {
        return size;
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = reader.read()) >= 0 && c != '\n') {
            if (sb.length() >= MAX_LINE_CHARS) {
                throw new IOException(file + ": line " + lineNumber + " is longer than " + MAX_LINE_CHARS
                        + " characters (the reader's line limit)");
            }
            sb.append((char) c);
        }
        if (c < 0 && sb.length() == 0) {
            return null;
        }
        lineNumber++;
        int end = sb.length();
        return end > 0 && sb.charAt(end - 1) == '\r' ? sb.substring(0, end - 1) : sb.toString();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
