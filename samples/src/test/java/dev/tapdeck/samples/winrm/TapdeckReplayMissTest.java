package dev.tapdeck.samples.winrm;

import dev.tapdeck.replay.TapdeckReplay;
import io.cloudsoft.winrm4j.client.PayloadEncryptionMode;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.cloudsoft.winrm4j.winrm.WinRmTool;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** A test whose client asks for something the recording does not hold fails with the miss report. */
class TapdeckReplayMissTest {

    /** Run only through the launcher below (surefire skips nested classes). */
    static class ClientSendsAnotherCommand {
        @Test
        @TapdeckReplay("recordings/winrm4j-echo.tdrec.jsonl")
        void runsADifferentCommand(URI endpoint) {
            WinRmClientContext context = WinRmClientContext.newInstance();
            try {
                WinRmTool.Builder.builder(endpoint.getHost(), "u", "p").authenticationScheme("Basic").useHttps(false)
                        .port(endpoint.getPort()).context(context).payloadEncryptionMode(PayloadEncryptionMode.OFF).build()
                        .executeCommand("echo something that was never recorded");
            } catch (RuntimeException expected) {
                // winrm4j reports the replay's WS-Man fault; the extension then fails the test with the report
            } finally {
                context.shutdown();
            }
        }
    }

    @Test
    void theTestFailsWithAReportNamingTheNearestRecordedRequestAndTheField() {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request().selectors(selectClass(ClientSendsAnotherCommand.class)).build(), listener);
        TestExecutionSummary summary = listener.getSummary();
        assertEquals(1, summary.getTotalFailureCount());
        String report = summary.getFailures().get(0).getException().getMessage();
        assertTrue(report.contains("matches no recorded request"), report);
        assertTrue(report.contains("(Command)") && report.contains("Body/CommandLine/Command"), report);
        assertTrue(report.contains("echo something that was never recorded"), report);
    }
}
