package dev.tapdeck.samples.winrm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.TapdeckProxy;
import dev.tapdeck.recorder.RecordingSink;
import dev.tapdeck.replay.ReplayOptions;
import dev.tapdeck.replay.ReplayScript;
import dev.tapdeck.replay.ReplayServer;
import dev.tapdeck.replay.ReplaySources;
import io.vertx.core.Vertx;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real WebSocket client's session recorded through the proxy against a real server, then replayed by
 * {@code tapdeck replay} to a fresh run of the same client: what both runs received, and the replay's problems.
 */
final class WsRecordReplay {
    /** A client run against a URL, returning what it printed as JSON. */
    interface Client {
        JsonNode run(String url) throws Exception;
    }

    /**
     * @param live     what the client received from the real server through the proxy
     * @param replayed what it received from the replay of that recording
     * @param problems the replay's report, null when every recorded client message came and none differed
     */
    record Result(JsonNode live, JsonNode replayed, String problems) {
    }

    private WsRecordReplay() {
    }

    /** {@code upstream} prints "LISTENING <port>" first and serves until killed. */
    static Result run(Vertx vertx, Path recordings, ProcessBuilder upstream, Client client) throws Exception {
        Process server = upstream.redirectErrorStream(true).start();
        JsonNode live;
        try {
            String first = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertTrue(first != null && first.startsWith("LISTENING "), "upstream said: " + first);
            try (RecordingSink recorder = new RecordingSink(recordings)) {
                TapdeckProxy proxy = new TapdeckProxy(ProxyConfig.single("127.0.0.1", 0,
                        URI.create("ws://127.0.0.1:" + first.substring("LISTENING ".length()).trim()), Policy.OBSERVE, recordings), recorder);
                String id = TestServers.await(vertx.deployVerticle(proxy));
                live = client.run("ws://127.0.0.1:" + proxy.port("main") + "/chat");
                TestServers.await(vertx.undeploy(id));
                recorder.flush();
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        Path file;
        try (Stream<Path> s = Files.list(recordings)) {
            file = s.findFirst().orElseThrow();
        }
        ReplayScript recorded = ReplaySources.load(file);
        assertTrue(recorded.isWebSocket(), file + " is a WebSocket recording");
        ReplayServer replay = ReplayServer.start(vertx, recorded, ReplayOptions.defaults()).await(30, TimeUnit.SECONDS);
        try {
            JsonNode replayed = client.run(replay.uri().toString());
            return new Result(live, replayed, replay.problems(false));
        } finally {
            replay.close().await(30, TimeUnit.SECONDS);
        }
    }
}
