package dev.tapdeck.samples.winrm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real client program (pywinrm, winrmcp) as a child process with a time limit. */
final class ExternalClient {
    private ExternalClient() {
    }

    /** What the program printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    static Result run(List<String> command, Path workDir, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "client", ".out");
        Path err = Files.createTempFile(workDir, "client", ".err");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(command.get(0) + " did not finish within " + timeout + "; stderr:\n"
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Copies a classpath resource to a file, for programs that need a script path. */
    static Path resource(String name, Path dir) throws IOException {
        Path file = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
        try (InputStream in = ExternalClient.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            Files.copy(in, file);
        }
        return file;
    }

    /** {@link #resource} once per directory: later calls reuse the copy. */
    static Path script(String name, Path dir) throws IOException {
        Path file = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
        return Files.exists(file) ? file : resource(name, dir);
    }

    static boolean isExecutable(String path) {
        return Files.isExecutable(Path.of(path));
    }
}
