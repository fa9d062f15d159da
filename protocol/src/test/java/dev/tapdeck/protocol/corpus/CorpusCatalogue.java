package dev.tapdeck.protocol.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-file catalogue of the pypsrp recordings in the corpus README ("Per-file catalogue of the
 * pypsrp recordings"), made by an independent scan. Tests compare their own decoding against it, so
 * it is parsed at test time rather than copied into the tests. Columns are found by their header, so a
 * reordered table still reads.
 */
public final class CorpusCatalogue {
    private static final String FIRST_HEADER_CELL = "file";

    private CorpusCatalogue() {
    }

    /**
     * One row of the table.
     *
     * @param file           the recording's file name
     * @param exchanges      number of request/response pairs
     * @param requestActions count of each WS-Man operation among the requests, e.g. {@code Create -> 1}
     * @param resourceUris   the resource URIs, abbreviated as in the table ({@code shell/cmd})
     * @param sendResponses  number of Send exchanges answered with a SendResponse
     * @param faults         one {@code <request operation>-><fault subcode>} per faulted exchange, in order
     * @param psrpMessages   count of each decoded PSRP message type
     * @param multiFragment  whether a PSRP message spans several fragments
     */
    public record Row(String file, int exchanges, Map<String, Integer> requestActions, List<String> resourceUris,
                      int sendResponses, List<String> faults, Map<String, Integer> psrpMessages,
                      boolean multiFragment) {
    }

    /** The rows by file name, in table order; skips the calling test when the corpus is absent. */
    public static Map<String, Row> pypsrp() {
        Path readme = Corpus.require("README.md");
        List<String> lines;
        try {
            lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int header = -1;
        for (int i = 0; i < lines.size() && header < 0; i++) {
            List<String> cells = cells(lines.get(i));
            if (!cells.isEmpty() && cells.get(0).equals(FIRST_HEADER_CELL) && cells.contains("exchanges")) {
                header = i;
            }
        }
        if (header < 0) {
            throw new IllegalStateException("no '| file | exchanges | …' table in " + readme);
        }
        List<String> columns = cells(lines.get(header));
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> c = cells(lines.get(i));
            Row row = new Row(
                    c.get(columns.indexOf("file")),
                    Integer.parseInt(c.get(columns.indexOf("exchanges"))),
                    counts(c.get(columns.indexOf("WS-Man actions (requests)"))),
                    list(c.get(columns.indexOf("resource URIs"))),
                    Integer.parseInt(c.get(columns.indexOf("SendResponse"))),
                    list(c.get(columns.indexOf("faults"))),
                    counts(c.get(columns.indexOf("PSRP messages (decoded)"))),
                    c.get(columns.indexOf("multi-fragment")).equals("yes"));
            rows.put(row.file(), row);
        }
        return rows;
    }

    /** The cells of a Markdown table line, trimmed, without the outer pipes; empty for other lines. */
    private static List<String> cells(String line) {
        String t = line.trim();
        if (!t.startsWith("|")) {
            return List.of();
        }
        // split with -1 keeps empty trailing cells (the last column is often empty)
        List<String> parts = new ArrayList<>(Arrays.asList(t.substring(1).split("\\|", -1)));
        if (t.endsWith("|")) {
            parts.remove(parts.size() - 1);
        }
        return parts.stream().map(String::trim).toList();
    }

    /** {@code "Create:4, Receive:8"} as an ordered map; {@code "-"} or blank as an empty one. */
    private static Map<String, Integer> counts(String cell) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String item : list(cell)) {
            int colon = item.lastIndexOf(':');
            out.merge(item.substring(0, colon).trim(), Integer.parseInt(item.substring(colon + 1).trim()), Integer::sum);
        }
        return out;
    }

    /** {@code "a, b"} as a list; {@code "-"} or blank as an empty one. */
    private static List<String> list(String cell) {
        if (cell.isBlank() || cell.equals("-")) {
            return List.of();
        }
        return Arrays.stream(cell.split(",")).map(String::trim).toList();
    }
}
