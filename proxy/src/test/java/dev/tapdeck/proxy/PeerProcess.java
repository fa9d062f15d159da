package dev.tapdeck.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real WebSocket peer (python3-websockets or node-ws) run as a process; its output lines are kept. */
final class PeerProcess implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3"; // Debian's interpreter: the only one that sees python3-websockets
    static final String NODE_PATH = "/usr/share/nodejs"; // where Debian's node-ws lives

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final String name;

    private PeerProcess(String name, List<String> command) throws IOException {
        this.name = name;
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("NODE_PATH", NODE_PATH);
        process = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(output lost: " + e + ")");
            }
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** {@code python} or {@code node} running the ws_peer script of that language with these arguments. */
    static PeerProcess start(String peer, Path scripts, String... args) throws IOException {
        return script(peer, scripts, "ws_peer", args);
    }

    /** {@code python} or {@code node} running {@code <script>.py} or {@code <script>.js} with these arguments. */
    static PeerProcess script(String peer, Path scripts, String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(peer.equals("python")
                ? List.of(PYTHON, scripts.resolve(script + ".py").toString())
                : List.of("node", scripts.resolve(script + ".js").toString()));
        command.addAll(List.of(args));
        return new PeerProcess(peer + " " + script + " " + args[0], command);
    }

    /** Any other program, e.g. a server binary; its output lines are kept like a script's. */
    static PeerProcess command(String name, String... command) throws IOException {
        return new PeerProcess(name, List.of(command));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The output lines so far, for failure messages. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Whether the Debian package of a peer is installed, and why not. */
    static String missing(String peer) {
        List<String> probe = peer.equals("python") ? List.of(PYTHON, "-c", "import websockets")
                : List.of("node", "-e", "require('ws')");
        try {
            ProcessBuilder pb = new ProcessBuilder(probe).redirectErrorStream(true);
            pb.environment().put("NODE_PATH", NODE_PATH);
            Process p = pb.start();
            p.getInputStream().readAllBytes();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return null;
            }
        } catch (IOException e) {
            // not installed at all
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return peer.equals("python") ? "python3-websockets is not installed for " + PYTHON
                + " (apt-get install -y python3-websockets)" : "node-ws is not installed under " + NODE_PATH
                + " (apt-get install -y node-ws)";
    }

    /** The port a server printed as "LISTENING port". */
    int listeningPort() throws InterruptedException {
        WsEvents.waitUntil(() -> lines.stream().anyMatch(l -> l.startsWith("LISTENING ")) || !process.isAlive(),
                name + " to listen");
        return lines.stream().filter(l -> l.startsWith("LISTENING ")).findFirst()
                .map(l -> Integer.parseInt(l.substring(10).trim()))
                .orElseThrow(() -> new AssertionError(name + " did not start: " + lines));
    }

    /** Waits for the exit (at most 150 s) and returns the session report, the last JSON line. */
    JsonNode report() throws Exception {
        if (!process.waitFor(150, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " did not finish: " + lines);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(name + " exited with " + process.exitValue() + ": " + lines);
        }
        WsEvents.waitUntil(() -> lines.stream().anyMatch(l -> l.startsWith("{")), name + "'s report");
        String json = lines.stream().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
        return new ObjectMapper().readTree(json);
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
