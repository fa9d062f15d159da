package dev.tapdeck.protocol.corpus;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the shared corpus of real traffic is ({@code ../shared/corpus}, see its README), for tests that
 * read it in place. The corpus is never copied into the project (licences); when it is absent (a fresh
 * clone elsewhere) the tests that need it are skipped with a message naming the path looked at.
 *
 * <p>Lookup order: the system property {@value #PROPERTY} (the parent pom sets it for surefire), the
 * environment variable {@value #ENV}, then {@code ../shared/corpus} and {@code ../../shared/corpus}
 * relative to the working directory (the repository root or a module directory).
 */
public final class Corpus {
    public static final String PROPERTY = "tapdeck.corpus";
    public static final String ENV = "TAPDECK_CORPUS";

    private Corpus() {
    }

    /** The corpus root to use: the configured one, else the first default that exists, else the first default. */
    public static Path root() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path near = Path.of("..", "shared", "corpus").toAbsolutePath().normalize();
        Path far = Path.of("..", "..", "shared", "corpus").toAbsolutePath().normalize();
        return Files.isDirectory(near) || !Files.isDirectory(far) ? near : far;
    }

    /** Whether the corpus (or {@code relative} inside it) exists. */
    public static boolean present(String relative) {
        return Files.exists(root().resolve(relative));
    }

    /**
     * {@code relative} inside the corpus (e.g. {@code "winrm/winrb"}); skips the calling test with
     * "corpus not found at &lt;path&gt;" when it does not exist.
     */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        assumeTrue(Files.exists(p), () -> "corpus not found at " + p + " (set -D" + PROPERTY + " or " + ENV + ")");
        return p;
    }

    /** The files of a corpus folder matching a glob (e.g. {@code "*.xml"}), sorted by name; skips when absent. */
    public static List<Path> files(String folder, String glob) {
        Path dir = require(folder);
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }

    /** The bytes of a corpus file. */
    public static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
