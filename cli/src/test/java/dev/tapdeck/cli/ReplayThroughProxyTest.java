package dev.tapdeck.cli;

import dev.tapdeck.protocol.corpus.Corpus;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.TapdeckProxy;
import dev.tapdeck.recorder.EventSink;
import dev.tapdeck.recorder.TapEvent;
import dev.tapdeck.replay.ClientReport;
import dev.tapdeck.replay.ReplayClient;
import dev.tapdeck.replay.ReplayOptions;
import dev.tapdeck.replay.ReplayScript;
import dev.tapdeck.replay.ReplayServer;
import dev.tapdeck.replay.ReplaySources;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #6 acceptance: every pypsrp recording of the corpus, driven by the replay client against the replay
 * server of the same recording, both through a Tapdeck proxy in observe mode, completes with zero
 * mismatches and zero violations.
 */
class ReplayThroughProxyTest {
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    /**
     * The rule occurrences of severity VIOLATION the proxy reported, as lines. Notices (all-zero RPID of
     * SESSION_CAPABILITY, pypsrp's oversized blobs) are real-traffic quirks the recordings carry
     * (design principle 3) and pass through a replay unchanged.
     */
    private static final class Violations implements EventSink {
        final List<String> found = new ArrayList<>();

        @Override
        public synchronized void accept(TapEvent event) {
            if (event instanceof TapEvent.HttpMessageCaptured m) {
                m.violations().stream().filter(v -> v.severity() == dev.tapdeck.protocol.rules.Severity.VIOLATION)
                        .forEach(v -> found.add(m.exchange() + " " + m.direction() + ": " + v));
            }
        }
    }

    @Test
    void everyPypsrpRecordingReplaysThroughTheProxyWithoutMismatchOrViolation() throws Exception {
        List<Path> files = Corpus.files("winrm/pypsrp/responses", "test_*.yml");
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            ReplayScript script = ReplaySources.load(file);
            ReplayServer server = ReplayServer.start(vertx, script, ReplayOptions.defaults()).await(30, TimeUnit.SECONDS);
            Violations violations = new Violations();
            TapdeckProxy proxy = new TapdeckProxy(ProxyConfig.single("127.0.0.1", 0,
                    URI.create("http://127.0.0.1:" + server.port()), Policy.OBSERVE, null), violations);
            String id = vertx.deployVerticle(proxy).await(30, TimeUnit.SECONDS);
            try {
                ClientReport report = new ReplayClient(vertx, script, URI.create("http://127.0.0.1:" + proxy.port("main") + "/wsman"),
                        ReplayOptions.countingIds(file.getFileName().toString()), line -> { }).run().await(60, TimeUnit.SECONDS);
                if (!report.clean()) {
                    problems.add(report.render());
                }
                String serverSide = server.problems(false);
                if (serverSide != null) {
                    problems.add(serverSide);
                }
                synchronized (violations) {
                    violations.found.forEach(v -> problems.add(file.getFileName() + ": violation " + v));
                }
            } finally {
                vertx.undeploy(id).await(30, TimeUnit.SECONDS);
                server.close().await(30, TimeUnit.SECONDS);
            }
        }
        assertEquals(66, files.size(), "the corpus README lists 66 pypsrp recordings");
        assertEquals("", String.join("\n", problems));
    }

    @Test
    void theReplayClientCommandReportsACleanReplay() throws Exception {
        Path file = Corpus.require("winrm/pypsrp/responses/test_psrp_with_input.yml");
        ReplayServer server = ReplayServer.start(vertx, ReplaySources.load(file), ReplayOptions.defaults()).await(30, TimeUnit.SECONDS);
        try {
            CommandLine cl = Main.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int code = cl.execute("replay", "client", file.toString(), "--target", server.uri().toString(), "--seed", "cli");
            assertEquals(0, code, out + "\n" + err);
            assertTrue(out.toString().contains("7 of 7 requests sent, 0 mismatches"), out.toString());
            assertTrue(err.toString().contains("7/7 exchanges, 0 mismatches"), err.toString());
        } finally {
            server.close().await(30, TimeUnit.SECONDS);
        }
    }
}
