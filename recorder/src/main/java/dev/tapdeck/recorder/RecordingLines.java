package dev.tapdeck.recorder;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The one reader of recording files, a line at a time: only the current line is in memory, so recordings
 * larger than memory can be inspected, recomputed, exported and verified. The header is checked first and
 * dispatched on its format version. A line longer than the line limit is skipped (never held whole) and
 * reported naming the limit; a last line without its newline that is not a whole JSON object is the torn
 * tail of a file cut by a crash, reported by {@link #tornTail()} and not thrown; any other line that is not
 * a JSON object is damaged: listed by {@link #damaged()} while the lines after it are still read.
 */
public final class RecordingLines implements AutoCloseable {
    /** Longest line read (a body of the largest body limit, in base64, fits); longer ones are reported damaged. */
    public static final int MAX_LINE_BYTES = 256 * 1024 * 1024;
    /** Damaged lines kept for {@link #damaged()}; {@link #damagedCount()} counts them all. */
    public static final int MAX_DAMAGED_LISTED = 1000;

    private static final ObjectReader STRICT = RecordingFormat.JSON.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int CHUNK = 64 * 1024;
    private static final int PREVIEW_CHARS = 200;

    /**
     * One line of a recording file as read.
     *
     * @param number     line number, from 1
     * @param json       the JSON object, null when the line is not one
     * @param problem    why it is not (not UTF-8, not JSON, over the line limit, blank), null when it is
     * @param text       the line (malformed UTF-8 replaced by U+FFFD; the first 200 characters of a damaged line)
     * @param terminated whether the line ends with a newline (only the last line of a cut file does not)
     */
    public record Line(long number, JsonNode json, String problem, String text, boolean terminated) {
        /** Whether this line is empty or white space (skipped by {@link #next()}). */
        public boolean blank() {
            return json == null && BLANK.equals(problem);
        }
    }

    private static final String BLANK = "blank line";

    private final Path file;
    private final InputStream in;
    private final int maxLineBytes;
    private final long size;
    private final LongConsumer progress;
    private final byte[] chunk = new byte[CHUNK];
    private int chunkLen;
    private int chunkPos;
    private boolean eof;
    private byte[] buf = new byte[8192];
    private long number;
    private long bytesRead;
    private final JsonNode header;
    private final long headerLine;
    private String tornTail;
    private final List<Line> damaged = new ArrayList<>();
    private long damagedCount;

    private RecordingLines(Path file, int maxLineBytes, LongConsumer progress) throws IOException {
        this.file = file;
        this.maxLineBytes = maxLineBytes;
        this.progress = progress == null ? n -> { } : progress;
        this.size = Files.size(file);
        this.in = Files.newInputStream(file);
        try {
            Line first = nextLine();
            while (first != null && first.blank()) {
                first = nextLine();
            }
            if (first == null) {
                throw new IOException(file + ": empty recording (no header line)");
            }
            this.header = header(file, first);
            this.headerLine = first.number();
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Opens a recording and checks its header (format name, a version this reader knows). */
    public static RecordingLines open(Path file) throws IOException {
        return open(file, null);
    }

    /** As {@link #open(Path)}; {@code progress} (may be null) gets the bytes read so far, once per 64 KiB read and at the end. */
    public static RecordingLines open(Path file, LongConsumer progress) throws IOException {
        return new RecordingLines(file, MAX_LINE_BYTES, progress);
    }

    /** As {@link #open(Path)} with another line limit (tests, or a caller that bounds its memory lower). */
    public static RecordingLines open(Path file, int maxLineBytes) throws IOException {
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        return new RecordingLines(file, maxLineBytes, null);
    }

    /** Checks a header line read elsewhere (the dashboard's list reads only the first line of each file). */
    public static JsonNode header(Path file, String line) throws IOException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return header(file, parse(1, bytes, bytes.length, true));
    }

    /** The header of a recording, checked: format name and a version this reader knows. */
    private static JsonNode header(Path file, Line first) throws IOException {
        if (first.json() == null) {
            throw new IOException(file + ": line " + first.number() + " is not a header: " + first.problem());
        }
        JsonNode header = first.json();
        if (!RecordingFormat.FORMAT.equals(header.path("format").asText())) {
            throw new IOException(file + ": not a Tapdeck recording (format '" + header.path("format").asText() + "')");
        }
        int version = header.path("version").asInt(-1);
        // a later format version comes with its migration here, so old files stay readable
        if (version != RecordingFormat.VERSION) {
            throw new IOException(file + ": recording format version " + version + " is not supported by this Tapdeck"
                    + " (reads version " + RecordingFormat.VERSION + ")");
        }
        return header;
    }

    public JsonNode header() {
        return header;
    }

    /** The line number of the header (1 unless blank lines come first). */
    public long headerLine() {
        return headerLine;
    }

    /**
     * The next complete event line, null after the last one. Blank lines are skipped, damaged ones listed
     * in {@link #damaged()}, an unterminated unreadable last line kept as {@link #tornTail()}.
     */
    public JsonNode next() throws IOException {
        for (Line l = nextLine(); l != null; l = nextLine()) {
            if (l.json() != null) {
                return l.json();
            }
            if (l.blank()) {
                continue;
            }
            if (!l.terminated()) {
                tornTail = l.text(); // only the last line of the file lacks its newline
            } else {
                damaged(l);
            }
        }
        return null;
    }

    /** Every line after the header as it is, blank and damaged ones included (for {@code verify}); null at the end. */
    public Line nextLine() throws IOException {
        int len = 0;
        boolean over = false;
        while (true) {
            if (chunkPos == chunkLen && !fill()) {
                if (len == 0 && !over) {
                    return null;
                }
                return line(++number, len, over, false);
            }
            int nl = chunkPos;
            while (nl < chunkLen && chunk[nl] != '\n') {
                nl++;
            }
            int take = nl - chunkPos;
            if (!over && (long) len + take > maxLineBytes) {
                over = true;
            }
            if (over) {
                // keep (at most) the start of the line for the message, skip the rest of it
                take = Math.max(0, Math.min(take, Math.min(maxLineBytes, PREVIEW_CHARS * 4) - len));
            }
            if (take > 0) {
                if (len + take > buf.length) {
                    buf = Arrays.copyOf(buf, (int) Math.min(Math.max((long) buf.length * 2, (long) len + take), maxLineBytes));
                }
                System.arraycopy(chunk, chunkPos, buf, len, take);
                len += take;
            }
            chunkPos = nl;
            if (nl < chunkLen) {
                chunkPos++;
                Line l = line(++number, len, over, true);
                if (buf.length > 1 << 20) {
                    buf = new byte[8192]; // a huge line is not kept alive for the rest of the file
                }
                return l;
            }
        }
    }

    /** The unreadable last line once {@link #next()} returned null, null when the file ended cleanly. */
    public String tornTail() {
        return tornTail;
    }

    /** Damaged lines met by {@link #next()} so far, at most {@link #MAX_DAMAGED_LISTED}. */
    public List<Line> damaged() {
        return List.copyOf(damaged);
    }

    /** All damaged lines met by {@link #next()} so far, listed or not. */
    public long damagedCount() {
        return damagedCount;
    }

    /**
     * What a reader that went through the file should tell its user, null when every line was read: the torn
     * tail and the damaged lines (numbers and why), e.g. for an export that carries on past them.
     */
    public String problems() {
        if (tornTail == null && damagedCount == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        if (damagedCount > 0) {
            sb.append(damagedCount).append(" damaged line(s) skipped (");
            int shown = (int) Math.min(damaged.size(), 3);
            for (int i = 0; i < shown; i++) {
                sb.append(i == 0 ? "" : "; ").append("line ").append(damaged.get(i).number()).append(": ")
                        .append(damaged.get(i).problem());
            }
            sb.append(damagedCount > shown ? "; …)" : ")");
        }
        if (tornTail != null) {
            sb.append(sb.length() == 0 ? "" : ", ").append("the last line was torn (the file was cut while it was written)");
        }
        return file + ": " + sb;
    }

    /** Bytes of the file read so far (for a progress bar). */
    public long bytesRead() {
        return bytesRead;
    }

    /** Size of the file when it was opened. */
    public long size() {
        return size;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void damaged(Line l) {
        damagedCount++;
        if (damaged.size() < MAX_DAMAGED_LISTED) {
            damaged.add(l);
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(chunk);
        while (n == 0) {
            n = in.read(chunk);
        }
        if (n < 0) {
            eof = true;
            return false;
        }
        chunkLen = n;
        chunkPos = 0;
        bytesRead += n;
        progress.accept(bytesRead);
        return true;
    }

    private Line line(long number, int len, boolean over, boolean terminated) {
        if (over) {
            return new Line(number, null, "longer than the line limit of " + maxLineBytes + " bytes (RecordingLines.MAX_LINE_BYTES)",
                    preview(lenient(buf, len)), terminated);
        }
        return parse(number, buf, len, terminated);
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
            return new Line(number, null, BLANK, text, terminated);
        }
        try {
            JsonNode n = STRICT.readTree(text);
            if (n != null && n.isObject()) {
                return new Line(number, n, null, text, terminated);
            }
            return new Line(number, null, "not a JSON object", preview(text), terminated);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            return new Line(number, null, "not JSON: " + why, terminated ? preview(text) : text, terminated);
        }
    }

    private static String lenient(byte[] buf, int len) {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    private static String preview(String s) {
        return s.length() <= PREVIEW_CHARS ? s : s.substring(0, PREVIEW_CHARS) + "…";
    }
}
