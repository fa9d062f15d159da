package dev.tapdeck.samples.winrm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
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

        WsRecordReplay.Result r = WsRecordReplay.run(vertx, dir.resolve("recordings-" + deflate), node("server", deflate),
                url -> client(url, deflate));
        JsonNode live = r.live();
        assertEquals(List.of("echo:hello", "echo:grüße ☃", "b:0f0e0d0c0b0a09080706050403020100", "pong:p"),
                new ObjectMapper().convertValue(live.path("received"), List.class), live.toString());
        assertEquals(1000, live.path("close").asInt(), live.toString());
        assertEquals(deflate.equals("deflate") ? "permessage-deflate" : "", live.path("extensions").asText(), live.toString());
        assertEquals(live, r.replayed(), "the same messages, pong and Close as from the live server");
        assertNull(r.problems(), "every recorded client message came, none differed");
    }
}
