package dev.tapdeck.samples.winrm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapdeck.protocol.corpus.SecretSearch;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.proxy.ConsoleSink;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.TapdeckProxy;
import dev.tapdeck.recorder.AuditSink;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.EventSink;
import dev.tapdeck.recorder.RecordingReader;
import dev.tapdeck.recorder.RecordingSink;
import dev.tapdeck.recorder.redact.RedactionPolicy;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 5 acceptance (redaction): real pywinrm with Basic authentication through the proxy to the embedded
 * server. With the default redaction and {@code --redact-xpath //rsp:Stream[@Name='stdin']}, the password
 * appears nowhere (recording, audit log, console) in any encoding, nor the stdin in the recorded requests and the
 * audit log; the
 * recording shows the scheme and user and still reads back; with {@code --no-redact} the header says so.
 */
class RedactedRecordingTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String USER = "vagrant";
    private static final String PASSWORD = "Tr0ub4dor&3-horse";

    @TempDir
    Path dir;
    private Vertx vertx;

    @AfterEach
    void stop() throws Exception {
        if (vertx != null) {
            TestServers.close(vertx);
        }
    }

    @Test
    void noSecretOfABasicSessionReachesAnySink() throws Exception {
        assumePywinrm();
        Run run = run(RedactionPolicy.of(true, null, List.of("//rsp:Stream[@Name='stdin']"), null));
        assertEquals("first line\r\nsecond line\r\n", run.result.path("stdin").path("stdout").asText(),
                "redaction never touches the relayed traffic");
        for (String secret : List.of(PASSWORD, USER + ":" + PASSWORD)) {
            assertNull(SecretSearch.find(run.recordings, secret), "recording leaks " + secret);
            assertNull(SecretSearch.find(run.console, secret), "console leaks " + secret);
            assertNull(SecretSearch.find(run.audit, secret), "audit log leaks " + secret);
        }
        // the named stdin is gone from the requests and the audit; the server's stdout (cat echoes it) was not named
        for (String line : List.of("first line", "second line")) {
            assertNull(SecretSearch.find(run.requests, line), "a recorded request leaks " + line);
            assertNull(SecretSearch.find(run.audit, line), "audit log leaks " + line);
        }
        String text = new String(run.recordings, StandardCharsets.UTF_8);
        assertTrue(text.contains("Basic user=vagrant password=tapdeck-redacted-1"), "scheme and user stay visible");
        assertTrue(text.contains("\"redaction\":[\"authorization\",\"basic-password\",\"cookie\",\"secure-string\","
                + "\"host-response\",\"xpath://rsp:Stream[@Name='stdin']\"]"), text);
        assertTrue(text.contains("\"redactions\":{\"basic-password\":"), "the trailer counts what was applied");
        // the same password, sent on every request, always has the same placeholder
        assertTrue(!text.contains("password=tapdeck-redacted-2"), "one password, one placeholder");
        String stdinPlaceholder = Base64.getEncoder().encodeToString("tapdeck-redacted-".getBytes(StandardCharsets.US_ASCII))
                .substring(0, 20);
        assertTrue(text.contains(stdinPlaceholder), "the stdin streams hold base64 placeholders");
    }

    @Test
    void noRedactKeepsEverythingAndSaysSo() throws Exception {
        assumePywinrm();
        Run run = run(RedactionPolicy.NONE);
        String text = new String(run.recordings, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"redacted\":false"), text);
        assertTrue(SecretSearch.find(run.recordings, USER + ":" + PASSWORD) != null, "kept in clear on request");
    }

    private record Run(JsonNode result, byte[] recordings, byte[] requests, byte[] console, byte[] audit) {
    }

    private Run run(RedactionPolicy redaction) throws Exception {
        vertx = Vertx.vertx();
        var server = TestServers.start(vertx, new WinrmServerOptions().credentials(USER, PASSWORD));
        Path recordings = dir.resolve("recordings");
        Path auditLog = dir.resolve("audit.jsonl");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        RecordingSink recorder = new RecordingSink(recordings);
        AuditSink audit = new AuditSink(auditLog);
        EventSink sink = EventSink.all(List.of(recorder, audit, new ConsoleSink(new PrintStream(console, true, StandardCharsets.UTF_8))));
        TapdeckProxy proxy = new TapdeckProxy(ProxyConfig.single("127.0.0.1", 0, URI.create("http://127.0.0.1:" + server.port()),
                Policy.OBSERVE, recordings).withRedaction(redaction), sink);
        vertx.deployVerticle(proxy).await(30, TimeUnit.SECONDS);
        Path script = ExternalClient.resource("/winrm/pywinrm_client.py", dir);
        ExternalClient.Result r = ExternalClient.run(List.of(PYTHON, script.toString(),
                "http://127.0.0.1:" + proxy.port("main") + "/wsman", "stdin", "plaintext", USER, PASSWORD), dir, Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), r::toString);
        vertx.undeploy(proxy.deploymentID()).await(30, TimeUnit.SECONDS);
        recorder.close();
        audit.close();
        ByteArrayOutputStream files = new ByteArrayOutputStream();
        ByteArrayOutputStream requests = new ByteArrayOutputStream();
        try (Stream<Path> list = Files.list(recordings)) {
            for (Path f : list.sorted().toList()) {
                files.writeBytes(Files.readAllBytes(f));
                RecordingReader.Recording rec = RecordingReader.read(f);
                assertTrue(rec.ended(), "the redacted recording reads back whole");
                rec.http(Direction.CLIENT_TO_SERVER).forEach(e -> requests.writeBytes(e.toString().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return new Run(new ObjectMapper().readTree(r.stdout()), files.toByteArray(), requests.toByteArray(), console.toByteArray(),
                Files.readAllBytes(auditLog));
    }

    private void assumePywinrm() throws Exception {
        assumeTrue(ExternalClient.isExecutable(PYTHON), PYTHON + " not found: install python3 and python3-winrm");
        assumeTrue(ExternalClient.run(List.of(PYTHON, "-c", "import winrm"), dir, Duration.ofSeconds(60)).exitCode() == 0,
                "the winrm module is missing (apt-get install python3-winrm)");
    }
}
