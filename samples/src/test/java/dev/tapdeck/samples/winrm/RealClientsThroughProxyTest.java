package dev.tapdeck.samples.winrm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.proxy.ConsoleSink;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.TapdeckProxy;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.EventSink;
import dev.tapdeck.recorder.RecordingReader;
import dev.tapdeck.recorder.RecordingSink;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.cloudsoft.winrm4j.winrm.WinRmTool;
import io.cloudsoft.winrm4j.winrm.WinRmToolResponse;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue acceptance: real WinRM clients (pywinrm and winrmcp from Debian, winrm4j from Maven Central) run
 * through the Tapdeck proxy to the embedded server; they get the right output and exit codes, the console
 * shows the decoded Sends, and the recording of each session holds the Sends with the exact stdin bytes.
 */
class RealClientsThroughProxyTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String WINRMCP = "/usr/bin/winrmcp";

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static WinrmServer server;
    private static TapdeckProxy proxy;
    private static RecordingSink recorder;
    private static final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private static Path recordings;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = TestServers.start(vertx, new WinrmServerOptions().credentials("user", "pass"));
        recordings = dir.resolve("recordings");
        recorder = new RecordingSink(recordings);
        EventSink sink = EventSink.all(List.of(recorder, new ConsoleSink(new PrintStream(console, true, StandardCharsets.UTF_8))));
        proxy = new TapdeckProxy(ProxyConfig.single("127.0.0.1", 0, URI.create("http://127.0.0.1:" + server.port()),
                Policy.OBSERVE, recordings), sink);
        vertx.deployVerticle(proxy).await(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.close(vertx);
        if (recorder != null) {
            recorder.close();
        }
    }

    private static String endpoint() {
        return "http://127.0.0.1:" + proxy.port("main") + "/wsman";
    }

    private static void assumePywinrm() throws Exception {
        assumeTrue(ExternalClient.isExecutable(PYTHON), PYTHON + " not found: install python3 and python3-winrm");
        assumeTrue(ExternalClient.run(List.of(PYTHON, "-c", "import winrm"), dir, Duration.ofSeconds(60)).exitCode() == 0,
                "the winrm module is missing (apt-get install python3-winrm)");
    }

    private static JsonNode pywinrm(String scenario) throws Exception {
        Path script = dir.resolve("pywinrm_client.py");
        if (!Files.exists(script)) {
            script = ExternalClient.resource("/winrm/pywinrm_client.py", dir);
        }
        ExternalClient.Result r = ExternalClient.run(List.of(PYTHON, script.toString(), endpoint(), scenario), dir, Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), r::toString);
        return new ObjectMapper().readTree(r.stdout());
    }

    /** Every recorded client-to-server http event of every recording so far, after the writer caught up. */
    private static List<RecordingReader.Recording> readRecordings() throws Exception {
        recorder.flush();
        List<RecordingReader.Recording> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(recordings)) {
            for (Path f : files.sorted().toList()) {
                out.add(RecordingReader.read(f));
            }
        }
        return out;
    }

    /** The stdin bytes of every recorded Send, in order, decoded from the recording's summaries. */
    private static List<String> recordedStdin() throws Exception {
        List<String> stdin = new ArrayList<>();
        for (RecordingReader.Recording rec : readRecordings()) {
            for (JsonNode e : rec.http(Direction.CLIENT_TO_SERVER)) {
                JsonNode env = e.path("decoded").path("envelope");
                if ("Send".equals(env.path("header").path("action").asText())) {
                    for (JsonNode stream : env.path("body").path("streams")) {
                        stdin.add(new String(Base64.getDecoder().decode(stream.path("data").asText()), StandardCharsets.ISO_8859_1));
                    }
                }
            }
        }
        return stdin;
    }

    private static List<JsonNode> allViolations() throws Exception {
        List<JsonNode> v = new ArrayList<>();
        for (RecordingReader.Recording rec : readRecordings()) {
            rec.events().forEach(e -> e.path("violations").forEach(v::add));
        }
        return v;
    }

    @Test
    void pywinrmRunsACommandAndFeedsStdinThroughTheProxy() throws Exception {
        assumePywinrm();
        JsonNode cmd = pywinrm("run_cmd");
        assertEquals("hello world\r\n", cmd.path("echo").path("stdout").asText());
        assertEquals(0, cmd.path("echo").path("status").asInt());
        assertEquals(3, cmd.path("exit").path("status").asInt());

        JsonNode stdin = pywinrm("stdin");
        assertEquals("first line\r\nsecond line\r\n", stdin.path("stdin").path("stdout").asText());
        assertEquals(0, stdin.path("stdin").path("status").asInt());

        List<String> sent = recordedStdin();
        assertTrue(sent.contains("first line\r\n") && sent.contains("second line\r\n"),
                "the recording holds the exact stdin bytes pywinrm sent: " + sent);
        assertEquals(List.of(), allViolations(), "a conforming client gives no violations");
        String shown = console.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("stream stdin") && shown.contains("\"second line\\r\\n\""), shown);
        assertTrue(shown.contains("SendResponse"), shown);
    }

    @Test
    void winrm4jRunsCommandsThroughTheProxy() throws Exception {
        WinRmClientContext context = WinRmClientContext.newInstance();
        try {
            URI uri = URI.create(endpoint());
            WinRmTool tool = WinRmTool.Builder.builder(uri.getHost(), "user", "pass")
                    .authenticationScheme("Basic").useHttps(false).port(uri.getPort())
                    .disableCertificateChecks(true).context(context)
                    .payloadEncryptionMode(io.cloudsoft.winrm4j.client.PayloadEncryptionMode.OFF).build();
            WinRmToolResponse echo = tool.executeCommand("echo hello from winrm4j");
            assertEquals(0, echo.getStatusCode());
            assertEquals("hello from winrm4j\r\n", echo.getStdOut());
            assertEquals(5, tool.executeCommand("cmd /c exit 5").getStatusCode());
        } finally {
            context.shutdown();
        }
        assertTrue(readRecordings().stream().flatMap(r -> r.http(Direction.CLIENT_TO_SERVER).stream())
                        .anyMatch(e -> e.path("decoded").path("envelope").path("body").path("command").asText().contains("winrm4j")
                                || e.path("decoded").path("envelope").path("body").path("command").asText().startsWith("echo")),
                "the recording holds winrm4j's Command");
    }

    @Test
    void winrmcpCopiesAFileThroughTheProxy() throws Exception {
        assumeTrue(ExternalClient.isExecutable(WINRMCP), WINRMCP + " not found: apt-get install winrmcp");
        byte[] content = new byte[9_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 7 + 3);
        }
        Path local = Files.write(dir.resolve("copy.bin"), content);
        URI uri = URI.create(endpoint());
        ExternalClient.Result r = ExternalClient.run(List.of(WINRMCP, "-addr=" + uri.getHost() + ":" + uri.getPort(),
                "-user=user", "-pass=pass", "-op-timeout=20s", local.toString(), "C:\\temp\\copy.bin"), dir, Duration.ofSeconds(120));
        assertEquals(0, r.exitCode(), r::toString);
        assertArrayEquals(content, server.fileStore().read("C:\\temp\\copy.bin").orElseThrow(
                () -> new AssertionError("not copied; files: " + server.files().keySet())));
        assertTrue(readRecordings().stream().flatMap(rec -> rec.http(Direction.CLIENT_TO_SERVER).stream())
                .anyMatch(e -> e.path("decoded").path("envelope").path("body").path("command").asText().contains("winrmcp-")),
                "the recording holds winrmcp's echo >> temp-file commands");
    }
}
