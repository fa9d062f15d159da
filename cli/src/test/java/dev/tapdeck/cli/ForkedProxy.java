package dev.tapdeck.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code tapdeck proxy} in a JVM of its own (the test classpath), optionally under a wrapper command. */
final class ForkedProxy implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    /**
     * Starts {@code wrapper... java -cp <classpath> dev.tapdeck.cli.Main proxy args...} and waits until it listens.
     */
    ForkedProxy(List<String> wrapper, String... args) throws Exception {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "proxy", "--listen", "127.0.0.1:0"));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("(output lost: " + e + ")");
            }
        }, "forked-proxy-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The port the proxy listens on, once it says so. */
    int port() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (String line : output) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the forked proxy did not start: " + String.join("\n", output));
    }

    List<String> output() {
        return List.copyOf(output);
    }

    /** SIGKILL on Unix: no shutdown hook runs, nothing more is written. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: the shutdown hook ends sessions and closes the recordings
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
