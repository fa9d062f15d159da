package dev.tapdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.recorder.RecordingReader;
import dev.tapdeck.samples.winrm.WinrmServer;
import dev.tapdeck.samples.winrm.WinrmServerOptions;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 5 acceptance on a real full filesystem: a forked proxy records into a 256 KiB tmpfs of its own mount
 * namespace ({@code unshare --user --map-root-user --mount}, no root needed) that fills up mid-session. pywinrm
 * keeps working through it, new sessions get 503 under --audit-required, and once space is freed (through
 * {@code /proc/<pid>/root}) sessions are accepted again and the cut recording ends with an incomplete trailer.
 */
class TmpfsDiskFullTest {

    static boolean unshareWorks() {
        try {
            return new ProcessBuilder("unshare", "--user", "--map-root-user", "--mount", "true").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aFullTmpfsUnderARunningProxy(@TempDir Path tmp) throws Exception {
        assumeTrue(PywinrmSteps.available(), "pywinrm not installed (Debian python3-winrm)");
        assumeTrue(unshareWorks(), "unshare --user --map-root-user --mount is not permitted here "
                + "(user namespaces disabled, e.g. kernel.unprivileged_userns_clone=0 or a seccomp profile): no private tmpfs");
        Path dir = Files.createDirectory(tmp.resolve("recordings"));
        Vertx vertx = Vertx.vertx();
        try {
            WinrmServer server = new WinrmServer(new WinrmServerOptions().host("127.0.0.1").port(0)
                    .credentials(DiskFullTest.USER, DiskFullTest.PASSWORD));
            server.start(vertx).await(30, TimeUnit.SECONDS);
            // a 256 KiB filesystem of which a filler takes 192 KiB: the recording fills the rest within a few dozen Sends
            List<String> wrapper = List.of("unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                    "mount -t tmpfs -o size=256k none \"$0\" && head -c 196608 /dev/zero > \"$0/filler\" && exec \"$@\"",
                    dir.toString());
            try (ForkedProxy proxy = new ForkedProxy(wrapper, "--target", "http://127.0.0.1:" + server.port(),
                    "--record", dir.toString(), "--audit-required", "-q")) {
                // the proxy's view of the directory: its own tmpfs, not the empty directory seen from here
                Path inside = Path.of("/proc/" + proxy.process.pid() + "/root" + dir);
                String endpoint = "http://127.0.0.1:" + proxy.port() + "/wsman";
                try (PywinrmSteps client = new PywinrmSteps(endpoint, DiskFullTest.USER, DiskFullTest.PASSWORD)) {
                    client.run("open", "ok open");
                    client.run("run cat", "ok run");
                    client.run("send 80", "sent 80"); // 80 Sends answered: several times what the tmpfs holds
                    DiskFullTest.waitUntil(() -> proxy.output().stream().anyMatch(l -> l.contains("No space left on device")));

                    HttpResponse<String> refused = DiskFullTest.post(endpoint);
                    assertEquals(503, refused.statusCode(), refused.body());
                    assertTrue(refused.body().contains("Tapdeck: recording unavailable: cannot write recordings in " + dir
                            + ": No space left on device"), refused.body());

                    Files.delete(inside.resolve("filler"));
                    DiskFullTest.waitUntil(() -> proxy.output().stream().anyMatch(l -> l.contains("can be written again")));
                    assertNotEquals(503, DiskFullTest.post(endpoint).statusCode());
                    client.run("close", "ok close");
                }
                DiskFullTest.waitUntil(() -> !DiskFullTest.recordings(inside).isEmpty()
                        && DiskFullTest.recordings(inside).stream().allMatch(DiskFullTest::ended));
                Path cut = DiskFullTest.recordings(inside).stream().filter(f -> DiskFullTest.sends(f) > 0).findFirst().orElseThrow();
                long recorded = DiskFullTest.sends(cut);
                assertTrue(recorded > 0 && recorded < 80, recorded + " of 80 Sends recorded");
                RecordingReader.Recording rec = RecordingReader.read(cut);
                assertTrue(rec.damaged().isEmpty() && rec.tornTail() == null, "the file ends on a whole line");
                JsonNode trailer = rec.trailer();
                assertTrue(trailer.path("incomplete").asBoolean(), trailer.toString());
                assertTrue(trailer.path("incompleteReason").asText().startsWith("write failed: No space left on device"),
                        trailer.toString());

                ByteArrayOutputStream out = new ByteArrayOutputStream();
                assertEquals(1, VerifyCommandTest.verify(out, cut.toString()));
                assertTrue(out.toString(StandardCharsets.UTF_8).contains("incomplete: write failed: No space left on device"),
                        out.toString(StandardCharsets.UTF_8));
            }
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }
}
