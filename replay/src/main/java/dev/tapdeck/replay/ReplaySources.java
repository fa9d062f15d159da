package dev.tapdeck.replay;

import dev.tapdeck.recorder.io.HarImporter;
import dev.tapdeck.recorder.io.PypsrpYamlImporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads a recording to replay, by file name: a Tapdeck recording ({@code .jsonl}), a pypsrp YAML session
 * ({@code .yml}, imported on the fly with the recorder's {@link PypsrpYamlImporter}) or a HAR file holding one
 * session ({@code .har}, imported with {@link HarImporter}).
 */
public final class ReplaySources {
    private ReplaySources() {
    }

    public static ReplayScript load(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yml") || name.endsWith(".yaml")) {
            Path dir = Files.createTempDirectory("tapdeck-replay");
            try {
                ReplayScript imported = TapdeckRecordings.load(PypsrpYamlImporter.importFile(file, dir, n -> { }));
                return new ReplayScript(file.getFileName().toString(), imported.exchanges(), null);
            } finally {
                deleteTree(dir);
            }
        }
        if (name.endsWith(".har")) {
            Path dir = Files.createTempDirectory("tapdeck-replay");
            try {
                List<Path> sessions = HarImporter.importFile(file, dir, n -> { });
                if (sessions.size() != 1) {
                    // a replay server plays one connection; several sessions need choosing first
                    throw new IOException(file + ": the HAR holds " + sessions.size() + " sessions; import it with "
                            + "'tapdeck import --from har' and replay one of the recordings");
                }
                return TapdeckRecordings.load(sessions.get(0));
            } finally {
                deleteTree(dir);
            }
        }
        if (name.endsWith(".jsonl")) {
            return TapdeckRecordings.load(file);
        }
        throw new IOException(file + ": not a recording Tapdeck can replay (expected a Tapdeck recording *.tdrec.jsonl"
                + ", a pypsrp session *.yml or a HAR file *.har)");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
