package dev.tapdeck.replay;

import dev.tapdeck.recorder.io.PypsrpYamlImporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads a recording to replay, by file name: a Tapdeck recording ({@code .jsonl}) or a pypsrp YAML session
 * ({@code .yml}, imported on the fly with the recorder's {@link PypsrpYamlImporter}).
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
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
        if (name.endsWith(".jsonl")) {
            return TapdeckRecordings.load(file);
        }
        throw new IOException(file + ": not a recording Tapdeck can replay (expected a Tapdeck recording *.tdrec.jsonl"
                + " or a pypsrp session *.yml)");
    }
}
