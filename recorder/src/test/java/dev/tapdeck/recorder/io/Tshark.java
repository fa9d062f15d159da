package dev.tapdeck.recorder.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs Debian's tshark on a capture (tests skip when it is not installed: apt-get install tshark; CI
 * installs it). Returns one line per packet that passes the display filter, with the fields asked for.
 */
public final class Tshark {
    public static final String PATH = "/usr/bin/tshark";

    private Tshark() {
    }

    public static void assumeInstalled() {
        assumeTrue(Files.isExecutable(Path.of(PATH)), PATH + " not found: apt-get install tshark");
    }

    /**
     * @param decodeAs extra {@code -d} rules, e.g. {@code tcp.port==8080,http}
     */
    public static List<String> fields(Path capture, String filter, List<String> decodeAs, String... fields)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PATH, "-n", "-r", capture.toString(), "-o", "tcp.desegment_tcp_streams:TRUE",
                "-Y", filter, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|"));
        for (String d : decodeAs) {
            cmd.add("-d");
            cmd.add(d);
        }
        Arrays.stream(fields).forEach(f -> {
            cmd.add("-e");
            cmd.add(f);
        });
        Path err = Files.createTempFile("tshark", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("tshark did not finish in 120 s");
        }
        String stderr = Files.readString(err);
        Files.deleteIfExists(err);
        if (p.exitValue() != 0) {
            throw new IOException("tshark failed (" + p.exitValue() + "): " + stderr);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
}
