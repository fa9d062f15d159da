package dev.tapdeck.samples.winrm;

import dev.tapdeck.replay.ReplayServer;
import dev.tapdeck.replay.TapdeckReplay;
import io.cloudsoft.winrm4j.client.PayloadEncryptionMode;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.cloudsoft.winrm4j.winrm.WinRmTool;
import io.cloudsoft.winrm4j.winrm.WinRmToolResponse;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Example: a WinRM client tested against a recording, no Windows host. The recording
 * ({@code recordings/winrm4j-echo.tdrec.jsonl}) is winrm4j running {@code echo hello from a recording} through
 * {@code tapdeck proxy --record} in front of the sample server. {@link TapdeckReplay} serves it on a free port
 * and injects its URI; winrm4j sends fresh MessageIDs, the replay maps them, and the test fails if the client
 * asks for something the recording does not hold or leaves part of it unused.
 */
@TapdeckReplay("recordings/winrm4j-echo.tdrec.jsonl")
class Winrm4jReplayExampleTest {
    @TapdeckReplay.Endpoint
    ReplayServer replay;

    private static WinRmToolResponse run(URI endpoint, String command) {
        WinRmClientContext context = WinRmClientContext.newInstance();
        try {
            // any credentials: recordings are redacted, the replay does not check them
            return WinRmTool.Builder.builder(endpoint.getHost(), "anyone", "anything").authenticationScheme("Basic")
                    .useHttps(false).port(endpoint.getPort()).context(context)
                    .payloadEncryptionMode(PayloadEncryptionMode.OFF).build().executeCommand(command);
        } finally {
            context.shutdown();
        }
    }

    @Test
    void winrm4jGetsTheRecordedOutput(URI endpoint) {
        WinRmToolResponse r = run(endpoint, "echo hello from a recording");
        assertEquals(0, r.getStatusCode());
        assertEquals("hello from a recording\r\n", r.getStdOut());
        assertEquals(endpoint, replay.uri());
        assertNull(replay.problems(false), "every recorded exchange was used");
        assertTrue(replay.misses().isEmpty());
    }
}
