package dev.tapdeck.samples.winrm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
        WsRecordReplay.Result r = WsRecordReplay.run(vertx, dir.resolve("recordings"),
                new ProcessBuilder(PYTHON, script.toString(), "server"), WebSocketReplayTest::client);
        assertEquals("[\"echo:hello\",\"echo:grüße ☃\",\"b:0f0e0d0c0b0a09080706050403020100\"]", r.live().path("received").toString());
        assertEquals(r.live(), r.replayed(), "the same messages as from the live server");
        assertNull(r.problems(), "every recorded client message came, none differed");
    }
}
