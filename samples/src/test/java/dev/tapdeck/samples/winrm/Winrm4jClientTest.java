package dev.tapdeck.samples.winrm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cloudsoft.winrm4j.client.PayloadEncryptionMode;
import io.cloudsoft.winrm4j.winrm.WinRmTool;
import io.cloudsoft.winrm4j.winrm.WinRmToolResponse;
import io.vertx.core.Vertx;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * winrm4j 0.12.3 (Apache CXF, JAX-WS with the WS-Man WSDL: a strict reader of every reply) against the
 * emulated host, with Basic authentication over plain HTTP.
 */
class Winrm4jClientTest {
    private static Vertx vertx;
    private static WinrmServer server;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = TestServers.start(vertx, new WinrmServerOptions().credentials("user", "pass"));
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.close(vertx);
    }

    private static WinRmTool tool() {
        return WinRmTool.Builder.builder("127.0.0.1", "user", "pass")
                .authenticationScheme("Basic")
                .useHttps(false)
                .port(server.port())
                .disableCertificateChecks(true)
                .payloadEncryptionMode(PayloadEncryptionMode.OFF)
                .build();
    }

    @Test
    void executeCommandGetsOutputAndExitCode() {
        WinRmToolResponse echo = tool().executeCommand("echo hello from winrm4j");
        assertEquals("hello from winrm4j\r\n", echo.getStdOut());
        assertEquals("", echo.getStdErr());
        assertEquals(0, echo.getStatusCode());

        WinRmToolResponse failing = tool().executeCommand("cmd /c exit 5");
        assertEquals(5, failing.getStatusCode());
    }

    @Test
    void stderrAndUnknownCommandsReachTheClient() {
        WinRmToolResponse response = tool().executeCommand("nosuchtool /x");
        assertEquals("", response.getStdOut());
        assertEquals("'nosuchtool' is not recognized as an internal or external command,\r\n"
                + "operable program or batch file.\r\n", response.getStdErr());
        assertEquals(1, response.getStatusCode());
    }
}
