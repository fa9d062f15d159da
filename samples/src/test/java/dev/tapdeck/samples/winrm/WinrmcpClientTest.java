package dev.tapdeck.samples.winrm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * winrmcp (Debian package, Go, masterzen/winrm) copying files to the emulated host: base64 chunks appended
 * to a temp file with {@code echo ... >> "%TEMP%\winrmcp-<uuid>.tmp"}, then a PowerShell script that decodes
 * it into the destination. The file store must end up with the exact bytes. Skipped when winrmcp is absent.
 */
class WinrmcpClientTest {
    private static final String WINRMCP = "/usr/bin/winrmcp";
    private static final String TEMP = "C:\\Users\\user\\AppData\\Local\\Temp\\";

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static WinrmServer server;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(ExternalClient.isExecutable(WINRMCP), WINRMCP + " not found: apt-get install winrmcp");
        vertx = Vertx.vertx();
        server = TestServers.start(vertx, new WinrmServerOptions().credentials("user", "pass"));
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.close(vertx);
    }

    private static void copy(Path local, String remote) throws Exception {
        ExternalClient.Result result = ExternalClient.run(List.of(WINRMCP, "-addr=127.0.0.1:" + server.port(),
                "-user=user", "-pass=pass", "-op-timeout=20s", local.toString(), remote), dir, Duration.ofSeconds(120));
        assertEquals(0, result.exitCode(), result::toString);
    }

    private static void assertNoTempFilesLeft() {
        Map<String, byte[]> files = server.files();
        assertFalse(files.keySet().stream().anyMatch(p -> p.startsWith(TEMP + "winrmcp-")), files.keySet()::toString);
    }

    @Test
    void copiesASmallFileExactly() throws Exception {
        byte[] content = "payload with \u00e9 and a newline\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path local = Files.write(dir.resolve("small.txt"), content);
        copy(local, "C:\\temp\\small.txt");
        assertArrayEquals(content, server.fileStore().read("C:\\temp\\small.txt").orElseThrow(
                () -> new AssertionError("not copied; files: " + server.files().keySet())));
        assertNoTempFilesLeft();
    }

    @Test
    void copiesBinaryContentOverSeveralChunks() throws Exception {
        byte[] content = new byte[20_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + i / 256);
        }
        Path local = Files.write(dir.resolve("blob.bin"), content);
        copy(local, "C:\\data\\blob.bin");
        assertArrayEquals(content, server.fileStore().read("C:\\data\\blob.bin").orElseThrow(
                () -> new AssertionError("not copied; files: " + server.files().keySet())));
        assertNoTempFilesLeft();
    }
}
