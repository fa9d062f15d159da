package dev.tapdeck.samples.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.TapdeckProxy;
import dev.tapdeck.proxy.plugin.Interception;
import dev.tapdeck.proxy.plugin.PluginSpec;
import dev.tapdeck.recorder.RecordingReader;
import dev.tapdeck.recorder.RecordingSink;
import dev.tapdeck.recorder.TapEvent;
import dev.tapdeck.samples.winrm.WinrmServer;
import dev.tapdeck.samples.winrm.WinrmServerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 8 acceptance, veto: pywinrm (Debian's python3-winrm) sends stdin the deny-list refuses, through the
 * proxy, to the embedded WinRM server. pywinrm gets a WS-Man fault with the plug-in's message; an observing
 * proxy in front of the server shows the server never saw that Send; the recording has the BLOCKED Send and
 * the plug-in decision, and the audit record of the command shows the veto.
 */
class DenyListThroughProxyTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String DENIED = "denied by the Tapdeck deny-list: matches Remove-Item\\s.*-Recurse";

    @TempDir
    Path dir;
    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    void pywinrmGetsTheDenyListFaultAndTheServerNeverSeesTheSend() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " not found");
        assumeTrue(new ProcessBuilder(PYTHON, "-c", "import winrm").start().waitFor() == 0,
                "python3-winrm is not installed (apt-get install python3-winrm)");
        WinrmServer server = new WinrmServer(new WinrmServerOptions().credentials("user", "pass").host("127.0.0.1").port(0))
                .start(vertx).await(30, TimeUnit.SECONDS);
        // what reaches the server: an observing proxy right in front of it
        List<TapEvent> atServer = new CopyOnWriteArrayList<>();
        TapdeckProxy front = new TapdeckProxy(ProxyConfig.single("127.0.0.1", 0,
                URI.create("http://127.0.0.1:" + server.port()), Policy.OBSERVE, null), atServer::add);
        vertx.deployVerticle(front).await(30, TimeUnit.SECONDS);

        Path recordings = dir.resolve("recordings");
        RecordingSink recorder = new RecordingSink(recordings);
        JsonObject settings = new JsonObject().put("patterns", new JsonArray().add("Remove-Item\\s.*-Recurse").add("\\bformat\\b"));
        ProxyConfig config = ProxyConfig.single("127.0.0.1", 0, URI.create("http://127.0.0.1:" + front.port("main")),
                Policy.OBSERVE, recordings).withInterception(Interception.NONE
                .withPlugins(List.of(new PluginSpec("deny-list", settings))));
        TapdeckProxy proxy = new TapdeckProxy(config, recorder); // the deny-list comes from the ServiceLoader
        vertx.deployVerticle(proxy).await(30, TimeUnit.SECONDS);

        JsonNode out = pywinrm("http://127.0.0.1:" + proxy.port("main") + "/wsman", "denied");
        String fault = out.path("denied").asText();
        assertTrue(fault.contains(DENIED), fault);
        assertTrue(fault.contains("'wsmanfault_code': '5'"), fault);

        List<String> sendsAtServer = atServer.stream().filter(e -> e instanceof TapEvent.HttpMessageCaptured)
                .map(e -> new String(((TapEvent.HttpMessageCaptured) e).body(), StandardCharsets.UTF_8))
                .filter(b -> b.contains("/shell/Send<")).toList();
        assertEquals(List.of(), sendsAtServer, "the server never sees the refused Send");
        assertTrue(atServer.stream().anyMatch(e -> e instanceof TapEvent.HttpMessageCaptured m
                && new String(m.body(), StandardCharsets.UTF_8).contains("/shell/Signal<")), "the rest of the session went on");

        vertx.undeploy(proxy.deploymentID()).await(30, TimeUnit.SECONDS);
        recorder.close();
        List<JsonNode> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(recordings)) {
            for (Path f : files.toList()) {
                events.addAll(RecordingReader.read(f).events());
            }
        }
        JsonNode blocked = events.stream().filter(e -> "http".equals(e.path("type").asText())
                && "BLOCKED".equals(e.path("verdict").asText())).findFirst().orElse(null);
        assertNotNull(blocked, "the recording holds the refused Send as BLOCKED");
        assertEquals("Send", blocked.path("decoded").path("envelope").path("header").path("action").asText());
        JsonNode decision = events.stream().filter(e -> "plugin".equals(e.path("type").asText())
                && "VETOED".equals(e.path("outcome").asText())).findFirst().orElseThrow();
        assertEquals("deny-list", decision.path("plugin").asText());
        assertEquals(DENIED, decision.path("reason").asText());
        JsonNode audit = events.stream().filter(e -> "audit".equals(e.path("type").asText())
                && "cat".equals(e.path("commandLine").asText())).findFirst().orElseThrow();
        String errors = audit.path("outcome").path("errors").toString();
        assertTrue(errors.contains("refused by plug-in deny-list (vetoed): " + DENIED.replace("\\", "\\\\")), audit.toString());
        assertFalse(audit.path("input").path("text").asText().contains("Remove-Item"), "the refused stdin never counted as input");
    }

    private JsonNode pywinrm(String endpoint, String scenario) throws Exception {
        Path script = dir.resolve("pywinrm_client.py");
        try (InputStream in = getClass().getResourceAsStream("/winrm/pywinrm_client.py")) {
            Files.copy(in, script);
        }
        Process p = new ProcessBuilder(PYTHON, script.toString(), endpoint, scenario).redirectError(dir.resolve("err.txt").toFile()).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("pywinrm failed: " + Files.readString(dir.resolve("err.txt")));
        }
        return new ObjectMapper().readTree(stdout);
    }
}
