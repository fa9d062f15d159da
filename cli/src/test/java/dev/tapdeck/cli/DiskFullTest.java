package dev.tapdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.TapdeckProxy;
import dev.tapdeck.recorder.FullDiskStore;
import dev.tapdeck.recorder.RecordingLimits;
import dev.tapdeck.recorder.RecordingReader;
import dev.tapdeck.recorder.RecordingSink;
import dev.tapdeck.recorder.RecordingVerifier;
import dev.tapdeck.samples.winrm.WinrmServer;
import dev.tapdeck.samples.winrm.WinrmServerOptions;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A full disk under a running proxy, made deterministic through the RecordingStore seam: pywinrm keeps working
 * through the proxy, the recording ends incomplete naming the write error, and with --audit-required a new
 * session is refused with a clear error until a probe write succeeds.
 */
class DiskFullTest {
    static final String USER = "tapdeck";
    static final String PASSWORD = "tapdeck";
    private static Vertx vertx;
    private static WinrmServer server;

    @BeforeAll
    static void startServer() throws Exception {
        vertx = Vertx.vertx();
        server = new WinrmServer(new WinrmServerOptions().host("127.0.0.1").port(0).credentials(USER, PASSWORD));
        server.start(vertx).await(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    void theProxyKeepsForwardingTheRecordingEndsIncompleteAndNewSessionsWaitForTheDisk(@TempDir Path dir) throws Exception {
        assumeTrue(PywinrmSteps.available(), "pywinrm not installed (Debian python3-winrm)");
        FullDiskStore disk = new FullDiskStore(Long.MAX_VALUE);
        RecordingSink recorder = new RecordingSink(dir, RecordingLimits.DEFAULT.withRetryInterval(Duration.ofMillis(20)), disk);
        ProxyConfig cfg = ProxyConfig.single("127.0.0.1", 0, URI.create("http://127.0.0.1:" + server.port()), Policy.OBSERVE, dir)
                .withAuditRequired(true);
        TapdeckProxy proxy = new TapdeckProxy(cfg, recorder);
        vertx.deployVerticle(proxy).await(30, TimeUnit.SECONDS);
        String endpoint = "http://127.0.0.1:" + proxy.port("main") + "/wsman";
        try (PywinrmSteps client = new PywinrmSteps(endpoint, USER, PASSWORD)) {
            client.run("open", "ok open");
            client.run("run cat", "ok run");
            client.run("send 3", "sent 3");
            recorder.flush();
            disk.capacity(disk.used()); // the disk is full from here on

            client.run("send 3", "sent 6"); // still forwarded, both ways
            recorder.flush();
            assertNotNull(recorder.unavailable());

            HttpResponse<String> refused = post(endpoint);
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals("close", refused.headers().firstValue("Connection").orElse(""));
            assertTrue(refused.body().contains("<s:Fault") && refused.body().contains("Tapdeck: recording unavailable: "
                    + "cannot write recordings in " + dir + ": " + FullDiskStore.ENOSPC), refused.body());

            disk.capacity(Long.MAX_VALUE); // room again: the next probe opens the gate
            waitUntil(() -> recorder.unavailable() == null);
            HttpResponse<String> accepted = post(endpoint);
            assertNotEquals(503, accepted.statusCode(), accepted.body());

            client.run("send 1", "sent 7");
            client.run("close", "ok close");
            assertEquals(7, client.sendsAnswered());
        }
        waitUntil(() -> recordings(dir).stream().allMatch(DiskFullTest::ended));
        vertx.undeploy(proxy.deploymentID()).await(30, TimeUnit.SECONDS);
        recorder.close();

        List<Path> files = recordings(dir);
        assertEquals(2, files.size(), "pywinrm's session and the one accepted after the disk recovered; none for the refused one");
        Path first = files.stream().filter(f -> sends(f) > 0).findFirst().orElseThrow();
        RecordingReader.Recording rec = RecordingReader.read(first);
        assertEquals(3, sends(first), "the Sends before the disk filled; the later ones were forwarded, not recorded");
        JsonNode trailer = rec.trailer();
        assertTrue(trailer.path("incomplete").asBoolean(), trailer.toString());
        assertEquals("write failed: " + FullDiskStore.ENOSPC, trailer.path("incompleteReason").asText());
        RecordingVerifier.Report report = RecordingVerifier.verify(first);
        assertEquals(RecordingVerifier.Status.PROBLEMS, report.status());
        assertTrue(report.problems().get(0).startsWith("incomplete: write failed: " + FullDiskStore.ENOSPC), report.problems().toString());
    }

    static HttpResponse<String> post(String endpoint) throws Exception {
        HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // a new connection: a new session
        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return fresh.send(HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/soap+xml;charset=UTF-8").header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"/>"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<Path> recordings(Path dir) {
        try (var s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".tdrec.jsonl")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static boolean ended(Path file) {
        try {
            return RecordingReader.read(file).trailer() != null;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Send requests recorded from the client. */
    static long sends(Path file) {
        try {
            return RecordingReader.read(file).http(dev.tapdeck.recorder.Direction.CLIENT_TO_SERVER).stream()
                    .filter(e -> new String(RecordingReader.Recording.body(e), StandardCharsets.UTF_8)
                            .contains("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Send<"))
                    .count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Polls a condition the system reaches by itself; the bound only keeps a broken build from hanging. */
    static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 30 s");
            }
            Thread.sleep(10);
        }
    }
}
