package dev.tapdeck.recorder;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a recording file ({@code tapdeck verify}): a header of a known format and version; {@code seq}
 * strictly increasing from 0 and {@code t} never going back; every line a JSON object of a known type; base64
 * fields decodable; each direction's {@code ws-chunk} offsets contiguous; one trailer, last, whose byte totals
 * match the bodies and chunks recorded. Reads the file once, line by line.
 */
public final class RecordingVerifier {
    /** Line types of format version 1 (FORMAT.md). */
    public static final Set<String> KNOWN_TYPES = Set.of("http", "transport-failed", "audit", "ws-handshake", "ws-chunk",
            "ws-frame", "ws-message", "ws-close", "ws-violation", "ws-stopped", "ws-end", "ws-enforced",
            RecordingFormat.RECORDING_STOPPED, "end");

    /** Problems listed at most; the count says how many more there were. */
    static final int MAX_LISTED = 50;
    /** Room kept for the file-level findings (torn last line, no trailer or incomplete, two byte totals). */
    private static final int FILE_LEVEL = 4;

    public enum Status { OK, PROBLEMS, UNREADABLE }

    /**
     * What verify found.
     *
     * @param summary  one line: protocol, session, events, totals (or why the file is unreadable)
     * @param problems each problem with its line number, at most {@link #MAX_LISTED}
     * @param more     problems found beyond those listed
     */
    public record Report(Path file, Status status, String summary, List<String> problems, long more) {
        public Report {
            problems = List.copyOf(problems);
        }
    }

    private final Path file;
    private final List<String> problems = new ArrayList<>();
    private long more;
    private JsonNode header;
    private JsonNode trailer;
    private long lastSeq = -1;
    private long lastT = -1;
    private long events;
    private final long[] recorded = new long[2]; // c2s, s2c: bytes of bodies and chunks
    private final Map<String, Long> chunkEnd = new HashMap<>();
    private boolean responseOverLimit;
    private Line torn;

    private record Line(long number, String text) {
    }

    private RecordingVerifier(Path file) {
        this.file = file;
    }

    public static Report verify(Path file) {
        RecordingVerifier v = new RecordingVerifier(file);
        try (RecordingLines lines = RecordingLines.open(file)) {
            v.header = lines.header();
            if (lines.headerLine() > 1) {
                v.problem(1, "blank line before the header");
            }
            v.check(lines.headerLine(), v.header);
            for (RecordingLines.Line l = lines.nextLine(); l != null; l = lines.nextLine()) {
                v.line(l);
            }
        } catch (IOException e) {
            return new Report(file, Status.UNREADABLE, "unreadable: " + e.getMessage(), List.of(), 0);
        }
        return v.report();
    }

    private void line(RecordingLines.Line line) {
        if (line.json() == null) {
            if (!line.terminated()) {
                torn = new Line(line.number(), line.problem()); // only the last line can lack its newline
            } else {
                problem(line.number(), "damaged line: " + line.problem());
            }
            return;
        }
        if (trailer != null) {
            problem(line.number(), "a line after the trailer");
        }
        events++;
        check(line.number(), line.json());
    }

    private void check(long number, JsonNode n) {
        long seq = n.path("seq").asLong(-1);
        long t = n.path("t").asLong(-1);
        if (!n.path("seq").isIntegralNumber() || seq <= lastSeq || (lastSeq < 0 && seq != 0)) {
            problem(number, "seq " + n.path("seq") + " after " + (lastSeq < 0 ? "the start (must be 0)" : String.valueOf(lastSeq))
                    + ": must increase strictly from 0");
        }
        if (!n.path("t").isIntegralNumber() || t < lastT || t < 0) {
            problem(number, "t " + n.path("t") + " after " + lastT + ": time offsets never go back");
        }
        lastSeq = Math.max(lastSeq, seq);
        lastT = Math.max(lastT, t);
        if (n == header) {
            return;
        }
        String type = n.path("type").asText();
        if (!KNOWN_TYPES.contains(type)) {
            problem(number, "unknown line type '" + type + "'");
            return;
        }
        switch (type) {
            case "http" -> count(number, n, "body", n.path("dir").asText(),
                    "c2s".equals(n.path("dir").asText()) || "FORWARDED".equals(n.path("verdict").asText()));
            case "ws-handshake" -> count(number, n, "body", "s2c", "FORWARDED".equals(n.path("verdict").asText()));
            case "ws-chunk" -> chunk(number, n);
            case "ws-enforced" -> {
                base64(number, n, "closeToServer");
                base64(number, n, "closeToClient");
            }
            case "transport-failed" -> responseOverLimit |= "response-over-limit".equals(n.path("what").asText());
            case "end" -> trailer = n;
            default -> {
                // summaries: recomputable from the raw lines, nothing to cross-check here
            }
        }
    }

    private void count(long number, JsonNode n, String field, String dir, boolean carried) {
        byte[] b = base64(number, n, field);
        if (b != null && carried) {
            recorded["c2s".equals(dir) ? 0 : 1] += b.length;
        }
    }

    private void chunk(long number, JsonNode n) {
        String dir = n.path("dir").asText();
        byte[] b = base64(number, n, "data");
        long expected = chunkEnd.getOrDefault(dir, 0L);
        long off = n.path("off").asLong(-1);
        if (off != expected) {
            problem(number, "ws-chunk " + dir + " at offset " + off + ", expected " + expected + " (chunks must be contiguous)");
        }
        if (b != null) {
            chunkEnd.put(dir, Math.max(off, 0) + b.length);
            recorded["c2s".equals(dir) ? 0 : 1] += b.length;
        }
    }

    private byte[] base64(long number, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String text = v.asText();
        try {
            if (text.length() % 4 != 0) {
                // the writer always pads: an unpadded value was cut or edited
                throw new IllegalArgumentException("length " + text.length() + " is not a multiple of 4");
            }
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            problem(number, "'" + field + "' is not valid base64: " + e.getMessage());
            return null;
        }
    }

    /** A line's problem: listed while there is room, file-level findings aside, then only counted. */
    private void problem(long number, String text) {
        if (problems.size() < MAX_LISTED - FILE_LEVEL) {
            problems.add("line " + number + ": " + text);
        } else {
            more++;
        }
    }

    private Report report() {
        if (torn != null) {
            problems.add("line " + torn.number() + ": torn last line (" + torn.text() + "): the file was cut while it was written");
        }
        if (trailer == null) {
            problems.add("no trailer: the recording was cut short (a crash, kill -9 or a full disk); "
                    + events + " complete events read");
        } else {
            trailerTotals();
        }
        String summary = header.path("protocol").asText() + " session " + header.path("sessionId").asText() + ", "
                + events + " events" + (trailer == null ? "" : ", " + trailer.path("exchanges").asLong() + " exchanges")
                + ", " + recorded[0] + " B from client, " + recorded[1] + " B from server recorded";
        return new Report(file, problems.isEmpty() && more == 0 ? Status.OK : Status.PROBLEMS, summary, problems, more);
    }

    private void trailerTotals() {
        if (trailer.path("incomplete").asBoolean(false)) {
            problems.add("incomplete: " + trailer.path("incompleteReason").asText("events were dropped") + " ("
                    + trailer.path("droppedEvents").asLong() + " events not written)");
        }
        String[] dirs = {"c2s", "s2c"};
        for (int i = 0; i < 2; i++) {
            long total = trailer.path("bytes").path(dirs[i]).asLong(-1);
            // with events left out, or a response too large to decode, the file holds less than went by
            boolean partial = trailer.path("incomplete").asBoolean(false) || (i == 1 && responseOverLimit);
            if (partial ? recorded[i] > total : recorded[i] != total) {
                problems.add("trailer says " + total + " B " + dirs[i] + " but the recorded bodies and chunks hold "
                        + recorded[i] + " B");
            }
        }
    }
}
