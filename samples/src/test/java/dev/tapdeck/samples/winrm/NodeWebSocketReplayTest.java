package dev.tapdeck.samples.winrm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.TapdeckProxy;
import dev.tapdeck.recorder.RecordingSink;
import dev.tapdeck.replay.ReplayOptions;
import dev.tapdeck.replay.ReplayScript;
import dev.tapdeck.replay.ReplayServer;
import dev.tapdeck.replay.ReplaySources;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A WebSocket session of node's {@code ws} (Debian node-ws) recorded through the proxy, with and without
 * permessage-deflate, replays to a fresh {@code ws} client: the same server messages in order, the pong to its
 * ping, the Close it was answered with, and the same extension negotiated. Skipped when node-ws is not installed.
 */
class NodeWebSocketReplayTest {
    private static final String NODE_PATH = "/usr/share/nodejs"; // where Debian's node-ws lives

    @TempDir
    static Path dir;
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.close(vertx);
    }

    private static ProcessBuilder node(String... args) throws Exception {
        Path script = ExternalClient.script("/ws/echo_peer.js", dir);
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of("node", script.toString()), Stream.of(args)).toList())
                .redirectErrorStream(true);
        pb.environment().put("NODE_PATH", NODE_PATH);
        return pb;
    }

    private static JsonNode client(String url, String deflate) throws Exception {
        Process p = node("client", url, deflate).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // ends when node exits
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "node client still running: " + out);
        assertEquals(0, p.exitValue(), out);
        return new ObjectMapper().readTree(out);
    }

    @ParameterizedTest(name = "permessage-deflate {0}")
    @ValueSource(strings = {"plain", "deflate"})
    void aRecordedWsSessionReplaysToAFreshWsClient(String deflate) throws Exception {
        ProcessBuilder probe = new ProcessBuilder("node", "-e", "require('ws')").redirectErrorStream(true);
        probe.environment().put("NODE_PATH", NODE_PATH);
        Process p;
        try {
            p = probe.start();
            p.getInputStream().readAllBytes();
        } catch (java.io.IOException e) {
            p = null;
        }
        assumeTrue(p != null && p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0,
                "node or node-ws missing (apt-get install node-ws)");

        Process upstream = node("server", deflate).start();
        Path recordings = dir.resolve("recordings-" + deflate);
        JsonNode live;
        try {
            String first = new BufferedReader(new InputStreamReader(upstream.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertTrue(first != null && first.startsWith("LISTENING "), "upstream said: " + first);
            try (RecordingSink recorder = new RecordingSink(recordings)) {
                TapdeckProxy proxy = new TapdeckProxy(ProxyConfig.single("127.0.0.1", 0,
                        URI.create("ws://127.0.0.1:" + first.substring("LISTENING ".length()).trim()), Policy.OBSERVE, recordings), recorder);
                String id = TestServers.await(vertx.deployVerticle(proxy));
                live = client("ws://127.0.0.1:" + proxy.port("main") + "/chat", deflate);
                TestServers.await(vertx.undeploy(id));
                recorder.flush();
            }
        } finally {
            upstream.destroy();
            upstream.waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals(List.of("echo:hello", "echo:grüße ☃", "b:0f0e0d0c0b0a09080706050403020100", "pong:p"),
                new ObjectMapper().convertValue(live.path("received"), List.class), live.toString());
        assertEquals(1000, live.path("close").asInt(), live.toString());
        assertEquals(deflate.equals("deflate") ? "permessage-deflate" : "", live.path("extensions").asText(), live.toString());
        Path file;
        try (Stream<Path> s = Files.list(recordings)) {
            file = s.findFirst().orElseThrow();
        }
        ReplayScript recorded = ReplaySources.load(file);
        assertTrue(recorded.isWebSocket());

        ReplayServer replay = ReplayServer.start(vertx, recorded, ReplayOptions.defaults()).await(30, TimeUnit.SECONDS);
        try {
            assertEquals(live, client(replay.uri().toString(), deflate), "the same messages, pong and Close as from the live server");
            assertNull(replay.problems(false), "every recorded client message came, none differed");
        } finally {
            replay.close().await(30, TimeUnit.SECONDS);
        }
    }
}
