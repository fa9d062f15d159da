package dev.tapdeck.samples.winrm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.TapdeckProxy;
import dev.tapdeck.recorder.RecordingSink;
import dev.tapdeck.replay.ReplayOptions;
import dev.tapdeck.replay.ReplayServer;
import dev.tapdeck.replay.ReplaySources;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #6 acceptance: a pywinrm session recorded through the proxy against the embedded server is replayed
 * by the replay server, and pywinrm, run again (fresh MessageIDs), gets the same output and exit codes.
 */
class PywinrmReplayTest {
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

    private static JsonNode pywinrm(String endpoint, String scenario) throws Exception {
        Path script = ExternalClient.script("/winrm/pywinrm_client.py", dir);
        ExternalClient.Result r = ExternalClient.run(List.of(PYTHON, script.toString(), endpoint, scenario), dir, Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), r::toString);
        return new ObjectMapper().readTree(r.stdout());
    }

    @Test
    void aRecordedPywinrmSessionReplaysToPywinrm() throws Exception {
        assumeTrue(ExternalClient.isExecutable(PYTHON), PYTHON + " not found: install python3 and python3-winrm");
        assumeTrue(ExternalClient.run(List.of(PYTHON, "-c", "import winrm"), dir, Duration.ofSeconds(60)).exitCode() == 0,
                "the winrm module is missing (apt-get install python3-winrm)");
        WinrmServer server = TestServers.start(vertx, new WinrmServerOptions().credentials("user", "pass"));
        Path recordings = dir.resolve("recordings");
        java.util.Map<String, JsonNode> live = new java.util.HashMap<>();
        try (RecordingSink recorder = new RecordingSink(recordings)) {
            TapdeckProxy proxy = new TapdeckProxy(ProxyConfig.single("127.0.0.1", 0, URI.create("http://127.0.0.1:" + server.port()),
                    Policy.OBSERVE, recordings), recorder);
            String id = TestServers.await(vertx.deployVerticle(proxy));
            for (String scenario : List.of("run_cmd", "stdin")) {
                live.put(scenario, pywinrm("http://127.0.0.1:" + proxy.port("main") + "/wsman", scenario));
            }
            TestServers.await(vertx.undeploy(id));
            recorder.flush();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(recordings)) {
            files = s.sorted().toList();
        }
        assertEquals("hello world\r\n", live.get("run_cmd").path("echo").path("stdout").asText());
        assertEquals(3, live.get("run_cmd").path("exit").path("status").asInt());
        assertEquals(2, files.size(), "one recording per pywinrm run (one connection each): " + files);
        for (Path f : files) {
            var script = ReplaySources.load(f);
            ReplayServer replay = ReplayServer.start(vertx, script, ReplayOptions.defaults()).await(30, TimeUnit.SECONDS);
            String scenario = script.exchanges().stream().anyMatch(x -> new String(x.requestBody()).contains("/Send<")) ? "stdin" : "run_cmd";
            JsonNode replayed = pywinrm(replay.uri().toString(), scenario);
            assertEquals(live.get(scenario), replayed, "the same output and exit codes as the live run");
            assertNull(replay.problems(false), "every recorded exchange was requested, none missed");
            replay.close().await(30, TimeUnit.SECONDS);
        }
    }
}
