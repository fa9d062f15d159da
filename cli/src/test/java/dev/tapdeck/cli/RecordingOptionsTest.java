package dev.tapdeck.cli;

import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.recorder.RecordingLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recording limits and --audit-required from the command line and from the configuration file. */
class RecordingOptionsTest {

    private static ProxyCommand parse(String... args) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args);
        return (ProxyCommand) parsed.subcommand().commandSpec().userObject();
    }

    private static ProxyConfig base() {
        return ProxyConfig.single("127.0.0.1", 0, URI.create("http://winhost:5985"), null, Path.of("rec"));
    }

    @Test
    void flagsWithSizeSuffixesSetTheLimits() {
        ProxyCommand c = parse("proxy", "--target", "http://winhost:5985", "--record", "rec", "--max-recording-bytes", "10m",
                "--max-total-bytes", "1g", "--flush-interval", "2", "--max-queued-bytes", "16m",
                "--recorder-stall-timeout", "5", "--max-open-recording-files", "32", "--audit-required");
        ProxyConfig cfg = c.options.applyRecording(base());
        assertEquals(new RecordingLimits(10L << 20, 1L << 30, Duration.ofMillis(2), RecordingLimits.DEFAULT_RETRY_INTERVAL,
                16L << 20, Duration.ofSeconds(5), 32), cfg.recording());
        assertTrue(cfg.auditRequired());
        ProxyConfig defaults = parse("proxy", "--target", "http://winhost:5985").options.applyRecording(base());
        assertEquals(RecordingLimits.DEFAULT, defaults.recording());
        assertFalse(defaults.auditRequired());
    }

    @Test
    void aBadSizeOrALimitOutOfRangeIsAUsageErrorNamingIt() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine().setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("proxy", "--target", "http://winhost:5985", "--max-total-bytes", "lots"));
        assertTrue(err.toString().contains("not a size: 'lots'"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, cl.execute("proxy", "--target", "http://winhost:5985", "--max-recording-bytes", "1k"));
        assertTrue(err.toString().contains("maxRecordingBytes must be at least"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, cl.execute("proxy", "--target", "http://winhost:5985", "--max-queued-bytes", "1k"));
        assertTrue(err.toString().contains("maxQueuedBytes must be at least"), err.toString());
    }

    @Test
    void theConfigurationFileTakesTheSameLimitsAndFlagsOverrideThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tapdeck.json");
        Files.writeString(file, "{\"listeners\":[{\"listen\":\"127.0.0.1:0\",\"routes\":[{\"upstream\":\"http://winhost:5985\"}]}],"
                + "\"record\":\"rec\",\"maxRecordingBytes\":\"64m\",\"maxTotalBytes\":1073741824,\"flushIntervalMillis\":1,"
                + "\"maxQueuedBytes\":\"8m\",\"recorderStallTimeoutSeconds\":7,\"maxOpenRecordingFiles\":9,\"auditRequired\":true}");
        ProxyConfig cfg = ProxyConfig.load(file);
        assertEquals(new RecordingLimits(64L << 20, 1L << 30, Duration.ofMillis(1), RecordingLimits.DEFAULT_RETRY_INTERVAL,
                8L << 20, Duration.ofSeconds(7), 9), cfg.recording());
        assertTrue(cfg.auditRequired());
        ProxyConfig flagged = parse("proxy", "--config", file.toString(), "--max-recording-bytes", "1m").options.applyRecording(cfg);
        assertEquals(1L << 20, flagged.recording().maxRecordingBytes());
        assertEquals(1L << 30, flagged.recording().maxTotalBytes());

        Files.writeString(file, "{\"listeners\":[{\"listen\":\"127.0.0.1:0\",\"routes\":[{\"upstream\":\"http://winhost:5985\"}]}],"
                + "\"maxTotalBytes\":\"huge\"}");
        IOException e = assertThrows(IOException.class, () -> ProxyConfig.load(file));
        assertTrue(e.getMessage().contains("tapdeck.json: not a size: 'huge'"), e.getMessage());
    }
}
