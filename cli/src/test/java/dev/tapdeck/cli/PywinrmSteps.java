package dev.tapdeck.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real WinRM client, pywinrm, driven one step at a time on one connection (test resource winrm/pywinrm_steps.py). */
final class PywinrmSteps implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3"; // Debian's interpreter: the one that sees python3-winrm

    private final Process process;
    private final Writer in;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    PywinrmSteps(String endpoint, String user, String password) throws IOException {
        process = new ProcessBuilder(PYTHON, script().toString(), endpoint, user, password).redirectErrorStream(true).start();
        in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("error output lost: " + e);
            }
        }, "pywinrm-steps");
        reader.setDaemon(true);
        reader.start();
    }

    /** Whether python3 with pywinrm is installed. */
    static boolean available() {
        try {
            return new ProcessBuilder(PYTHON, "-c", "import winrm, xmltodict").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Sends a step; its output lines come later. */
    void step(String step) throws IOException {
        in.write(step + "\n");
        in.flush();
    }

    /** Sends a step and waits for the line that ends it. */
    String run(String step, String expectedStart) throws Exception {
        int from = lines.size();
        step(step);
        return await(from, expectedStart);
    }

    /** Waits for a line starting with {@code start} at or after index {@code from}; an "error" line or exit fails. */
    String await(int from, String start) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (int i = from; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.startsWith(start)) {
                    return l;
                }
                if (l.startsWith("error") || l.startsWith("Traceback")) {
                    throw new AssertionError("pywinrm failed: " + String.join("\n", lines));
                }
            }
            if (!process.isAlive() && from >= lines.size()) {
                throw new AssertionError("pywinrm exited: " + String.join("\n", lines));
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no '" + start + "' from pywinrm in 60 s: " + lines);
    }

    /** Lines printed so far. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** How many Sends got their SendResponse. */
    long sendsAnswered() {
        return lines.stream().filter(l -> l.startsWith("sent ")).count();
    }

    @Override
    public void close() throws Exception {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    private static Path script() {
        try {
            return Path.of(PywinrmSteps.class.getResource("/winrm/pywinrm_steps.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
