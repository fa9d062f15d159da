package dev.tapdeck.samples.winrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pywinrm, the real client (Debian python3-winrm 0.3.0), against the emulated host. It runs with
 * {@code /usr/bin/python3}, the interpreter the Debian package installs into, not whatever python3 is first
 * on PATH. Skipped when that interpreter or the winrm module is missing.
 */
class PywinrmClientTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static WinrmServer server;
    private static Path script;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(ExternalClient.isExecutable(PYTHON), PYTHON + " not found: install python3 and python3-winrm");
        ExternalClient.Result probe = ExternalClient.run(List.of(PYTHON, "-c", "import winrm"), dir, LIMIT);
        assumeTrue(probe.exitCode() == 0, "the winrm module is missing (apt-get install python3-winrm): " + probe.stderr());
        script = ExternalClient.resource("/winrm/pywinrm_client.py", dir);
        vertx = Vertx.vertx();
        server = TestServers.start(vertx, new WinrmServerOptions().credentials("user", "pass"));
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.close(vertx);
    }

    private static JsonNode run(String scenario) throws Exception {
        ExternalClient.Result result = ExternalClient.run(List.of(PYTHON, script.toString(), server.endpoint(), scenario), dir, LIMIT);
        assertEquals(0, result.exitCode(), result::toString);
        return new ObjectMapper().readTree(result.stdout());
    }

    private static void assertResult(String stdout, String stderr, int status, JsonNode actual) {
        assertEquals(stdout, actual.get("stdout").asText(), actual::toString);
        assertEquals(stderr, actual.get("stderr").asText(), actual::toString);
        assertEquals(status, actual.get("status").asInt(), actual::toString);
    }

    @Test
    void runCmdGetsStdoutAndExitStatus() throws Exception {
        JsonNode out = run("run_cmd");
        assertResult("hello world\r\n", "", 0, out.get("echo"));
        assertResult("", "", 3, out.get("exit"));
    }

    @Test
    void runPsSendsAnEncodedCommand() throws Exception {
        assertResult("from powershell\r\n", "", 0, run("run_ps").get("ps"));
    }

    @Test
    void stdinSentThroughTheProtocolComesBack() throws Exception {
        assertResult("first line\r\nsecond line\r\n", "", 0, run("stdin").get("stdin"));
    }
}
