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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #6 acceptance: a WebSocket session of Python {@code websockets} recorded through the proxy replays to a
 * fresh client of the same library with the same messages; a client that sends something else gets Close 1008
 * and a report.
 */
class WebSocketReplayTest {
    private static final String PYTHON = "/usr/bin/python3";

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

    private static JsonNode client(String url) throws Exception {
        Path script = ExternalClient.script("/ws/echo_peer.py", dir);
        ExternalClient.Result r = ExternalClient.run(List.of(PYTHON, script.toString(), "client", url), dir, Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), r::toString);
        return new ObjectMapper().readTree(r.stdout());
    }

    @Test
    void aRecordedWebsocketsSessionReplaysToAFreshClient() throws Exception {
        assumeTrue(ExternalClient.isExecutable(PYTHON)
                        && ExternalClient.run(List.of(PYTHON, "-c", "import websockets"), dir, Duration.ofSeconds(60)).exitCode() == 0,
                "python3-websockets is missing (apt-get install python3-websockets)");
        Path script = ExternalClient.script("/ws/echo_peer.py", dir);
        Process upstream = new ProcessBuilder(PYTHON, script.toString(), "server").redirectErrorStream(true).start();
        Path recordings = dir.resolve("recordings");
        JsonNode live;
        try {
            String first = new BufferedReader(new InputStreamReader(upstream.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertTrue(first != null && first.startsWith("LISTENING "), "upstream said: " + first);
            try (RecordingSink recorder = new RecordingSink(recordings)) {
                TapdeckProxy proxy = new TapdeckProxy(ProxyConfig.single("127.0.0.1", 0,
                        URI.create("ws://127.0.0.1:" + first.substring("LISTENING ".length()).trim()), Policy.OBSERVE, recordings), recorder);
                String id = TestServers.await(vertx.deployVerticle(proxy));
                live = client("ws://127.0.0.1:" + proxy.port("main") + "/chat");
                TestServers.await(vertx.undeploy(id));
                recorder.flush();
            }
        } finally {
            upstream.destroy();
            upstream.waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals("[\"echo:hello\",\"echo:grüße ☃\",\"b:0f0e0d0c0b0a09080706050403020100\"]", live.path("received").toString());
        Path file;
        try (Stream<Path> s = Files.list(recordings)) {
            file = s.findFirst().orElseThrow();
        }
        ReplayScript recorded = ReplaySources.load(file);
        assertTrue(recorded.isWebSocket());

        ReplayServer replay = ReplayServer.start(vertx, recorded, ReplayOptions.defaults()).await(30, TimeUnit.SECONDS);
        assertEquals(live, client(replay.uri().toString()), "the same messages as from the live server");
        assertNull(replay.problems(false), "every recorded client message came, none differed");
        replay.close().await(30, TimeUnit.SECONDS);
    }
}
