package dev.tapdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.recorder.RecordingLines;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapdeck.proxy.ConsoleSink;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of {@code tapdeck inspect}: a header summary, each item as the proxy's console prints it
 * ({@link ConsoleSink#format}) with the status, size and latency of responses added, and a footer with
 * the counts. Colours (ANSI) mark rule occurrences by severity, audit records and enforcement.
 */
final class Timeline {
    private static final String RESET = "\u001b[0m";
    private static final Pattern VIOLATION = Pattern.compile("!! \\w+Rule\\.");
    private static final Pattern WARNING = Pattern.compile("!  \\w+Rule\\.");
    private static final Pattern NOTICE = Pattern.compile("i  \\w+Rule\\.");

    private final boolean colour;
    private final Map<Integer, Long> requestTimes = new HashMap<>();
    private long items;
    private long exchanges;
    private long lastT;

    Timeline(boolean colour) {
        this.colour = colour;
    }

    String header(Path file, JsonNode h) {
        StringBuilder sb = new StringBuilder();
        sb.append("recording ").append(file).append('\n');
        sb.append("session   ").append(h.path("sessionId").asText()).append("  ").append(h.path("protocol").asText())
                .append("  ").append(h.path("client").asText()).append(" -> ").append(h.path("upstream").asText())
                .append("  (listener ").append(h.path("listener").asText()).append(")\n");
        sb.append("started   ").append(h.path("startedAt").asText()).append("  by tapdeck ").append(h.path("tapdeck").asText())
                .append(h.path("redacted").asBoolean(true) ? ", secrets redacted" : ", NOT redacted (--no-redact)");
        if (h.has("recomputed")) {
            sb.append("\nrecomputed by tapdeck ").append(h.path("recomputed").path("tapdeck").asText()).append(" from ")
                    .append(h.path("recomputed").path("from").asText());
        }
        sb.append("\ndecoded   by this tapdeck from the raw bytes; times are seconds since the session started");
        return sb.toString();
    }

    /** Every item passes here, shown or not, for the latencies and the footer. */
    void seen(Redecoder.Line line) {
        items++;
        JsonNode j = line.json();
        lastT = Math.max(lastT, j.path("t").asLong());
        if (line.type().equals("http") && j.path("dir").asText().equals("c2s")) {
            requestTimes.put(j.path("exchange").asInt(), j.path("t").asLong());
            exchanges++;
        }
    }

    /**
     * The text of an item; null when the console shows nothing for it and it was not asked for by type
     * ({@code named}): raw chunks and data frames.
     */
    String format(Redecoder.Line line, boolean named) {
        String text = line.event() == null ? null : ConsoleSink.format(line.event());
        if (text == null) {
            if (!named && line.event() != null) {
                return null;
            }
            text = generic(line.json());
        } else if (line.type().equals("http") && line.json().path("dir").asText().equals("s2c")) {
            text = withResponseFacts(text, line.json());
        }
        return colour ? colour(text) : text;
    }

    String footer(Map<String, Integer> rules, RecordingLines read) {
        String tornTail = read.tornTail();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "-- %d item(s), %d exchange(s), %.3f s", items, exchanges,
                lastT / 1e9));
        if (rules.isEmpty()) {
            sb.append(", no rule occurrence");
        } else {
            sb.append(", rule occurrences:");
            rules.forEach((id, n) -> sb.append("\n   ").append(n).append(" x ").append(id));
        }
        if (tornTail != null) {
            sb.append("\n-- the last line was torn (the recording was cut by a crash): ").append(tornTail.length())
                    .append(" characters not shown");
        }
        if (read.damagedCount() > 0) {
            sb.append("\n-- ").append(read.damagedCount()).append(" damaged line(s) not shown:");
            read.damaged().forEach(l -> sb.append("\n   line ").append(l.number()).append(": ").append(l.problem()));
            if (read.damagedCount() > read.damaged().size()) {
                sb.append("\n   …");
            }
        }
        return sb.toString();
    }

    /** Status, size and latency after the first line of a response. */
    private String withResponseFacts(String text, JsonNode j) {
        Long sent = requestTimes.get(j.path("exchange").asInt());
        String facts = "  (HTTP " + j.path("head").path("status").asInt() + ", " + RecordedEvents.base64(j, "body").length + " B"
                + (sent == null ? "" : String.format(Locale.ROOT, ", %.1f ms", (j.path("t").asLong() - sent) / 1e6)) + ")";
        int eol = text.indexOf('\n');
        return eol < 0 ? text + facts : text.substring(0, eol) + facts + text.substring(eol);
    }

    /** A line the console has no text for: its type and fields, bytes as their count. */
    private static String generic(JsonNode j) {
        ObjectNode shown = j.deepCopy();
        shown.remove(List.of("seq", "t", "type"));
        for (String bytes : new String[]{"data", "body"}) {
            if (shown.has(bytes)) {
                shown.put(bytes, RecordedEvents.base64(j, bytes).length + " B");
            }
        }
        return String.format(Locale.ROOT, "%9.3f %s %s", j.path("t").asLong() / 1e9, j.path("type").asText(), shown);
    }

    private static String colour(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(colourLine(line));
        }
        return sb.toString();
    }

    private static String colourLine(String line) {
        String code = find(VIOLATION, line) ? "31" : find(WARNING, line) ? "33" : find(NOTICE, line) ? "36"
                : line.contains("[BLOCKED]") || line.contains("[ENFORCED]") ? "1;31" : line.contains(" AUDIT ") ? "32" : null;
        return code == null ? line : "\u001b[" + code + "m" + line + RESET;
    }

    private static boolean find(Pattern p, String line) {
        Matcher m = p.matcher(line);
        return m.find();
    }
}
