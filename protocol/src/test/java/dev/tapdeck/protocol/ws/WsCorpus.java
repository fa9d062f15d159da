package dev.tapdeck.protocol.ws;

import dev.tapdeck.protocol.corpus.Corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The Autobahn-derived TSV files of the shared corpus (corpus/websocket), read in place; tests skip
 * when the corpus is absent ({@link Corpus#require}).
 */
final class WsCorpus {
    private WsCorpus() {
    }

    /** The rows of a TSV file as column-name to value maps; skips the calling test when it is missing. */
    static List<Map<String, String>> tsv(String fileName) {
        Path file = Corpus.require("websocket/" + fileName);
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            String[] header = lines.get(0).split("\t", -1);
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                rows.add(IntStream.range(0, header.length).boxed()
                        .collect(Collectors.toMap(i -> header[i], i -> i < cells.length ? cells[i] : "")));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
