package dev.tapdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.recorder.RecordingReader;
import dev.tapdeck.recorder.RecordingVerifier;
import dev.tapdeck.samples.winrm.WinrmServer;
import dev.tapdeck.samples.winrm.WinrmServerOptions;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 5 acceptance: a forked proxy recording real pywinrm traffic is killed with SIGKILL mid-session, and the
 * recording reads back with every event of every Send the client got an answer for.
 */
class KillDashNineTest {
    /** Longer than the flush interval many times over: what is acknowledged this long before the kill is on disk. */
    private static final long SETTLE_MILLIS = 500;

    @Test
    void aRecordingCutBySigkillHoldsEveryCompleteEvent(@TempDir Path dir) throws Exception {
        assumeTrue(PywinrmSteps.available(), "pywinrm not installed (Debian python3-winrm)");
        Vertx vertx = Vertx.vertx();
        try {
            WinrmServer server = new WinrmServer(new WinrmServerOptions().host("127.0.0.1").port(0)
                    .credentials(DiskFullTest.USER, DiskFullTest.PASSWORD));
            server.start(vertx).await(30, TimeUnit.SECONDS);
            ForkedProxy proxy = new ForkedProxy(List.of(), "--target", "http://127.0.0.1:" + server.port(),
                    "--record", dir.toString(), "--flush-interval", "5", "-q");
            long answered;
            try (PywinrmSteps client = new PywinrmSteps("http://127.0.0.1:" + proxy.port() + "/wsman",
                    DiskFullTest.USER, DiskFullTest.PASSWORD)) {
                client.run("open", "ok open");
                client.run("run cat", "ok run");
                client.run("send 20", "sent 20");
                client.step("send 100000"); // keeps sending while the proxy dies
                Thread.sleep(SETTLE_MILLIS);
                answered = client.sendsAnswered();
                Thread.sleep(SETTLE_MILLIS);
                assertTrue(client.sendsAnswered() > answered, "the session is still running when the proxy is killed");
                proxy.kill();
            }
            List<Path> files = DiskFullTest.recordings(dir);
            assertEquals(1, files.size());
            RecordingReader.Recording rec = RecordingReader.read(files.get(0));
            assertTrue(rec.damaged().isEmpty(), rec.damaged().toString());
            assertFalse(rec.ended(), "no trailer: the process died");
            assertNull(rec.trailer());
            long recordedSends = DiskFullTest.sends(files.get(0));
            assertTrue(recordedSends >= answered, recordedSends + " Sends recorded, " + answered + " answered "
                    + SETTLE_MILLIS + " ms before the kill");
            long seq = 0;
            for (JsonNode e : rec.events()) {
                assertTrue(e.path("seq").asLong() > seq, "seq increases: " + e);
                seq = e.path("seq").asLong();
            }
            RecordingVerifier.Report report = RecordingVerifier.verify(files.get(0));
            assertEquals(RecordingVerifier.Status.PROBLEMS, report.status());
            String last = report.problems().get(report.problems().size() - 1);
            assertTrue(last.startsWith("no trailer: the recording was cut short"), report.problems().toString());
            assertTrue(report.problems().stream().allMatch(p -> p.startsWith("no trailer") || p.contains("torn last line")),
                    "nothing but the cut: " + report.problems());
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }
}
