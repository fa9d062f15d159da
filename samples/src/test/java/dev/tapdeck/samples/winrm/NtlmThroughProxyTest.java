package dev.tapdeck.samples.winrm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.RouteCredentials;
import dev.tapdeck.proxy.TapdeckProxy;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.RecordingReader;
import dev.tapdeck.recorder.RecordingSink;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 9 acceptance: pywinrm with {@code transport='ntlm'} and message encryption runs commands through the
 * proxy against the embedded server requiring NTLM. With the right password the recording holds the decrypted
 * Sends; with a wrong one the session still works and the proxy says it could not decrypt.
 */
class NtlmThroughProxyTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static WinrmServer server;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = TestServers.start(vertx, new WinrmServerOptions().credentials("user", "pass").ntlm(true));
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.close(vertx);
    }

    private static void assumePywinrmNtlm() throws Exception {
        assumeTrue(ExternalClient.isExecutable(PYTHON), PYTHON + " not found: install python3 and python3-winrm");
        assumeTrue(ExternalClient.run(List.of(PYTHON, "-c", "import winrm, requests_ntlm"), dir, Duration.ofSeconds(60))
                .exitCode() == 0, "pywinrm or requests_ntlm missing (apt-get install python3-winrm python3-requests-ntlm)");
    }

    private static JsonNode pywinrm(String endpoint, String scenario) throws Exception {
        Path script = dir.resolve("pywinrm_client.py");
        if (!Files.exists(script)) {
            script = ExternalClient.resource("/winrm/pywinrm_client.py", dir);
        }
        // ntlm_auth hashes with hashlib's MD4, which OpenSSL 3 keeps in its legacy provider
        Path openssl = dir.resolve("openssl-legacy.cnf");
        Files.writeString(openssl, "openssl_conf = openssl_init\n[openssl_init]\nproviders = provider_sect\n"
                + "[provider_sect]\ndefault = default_sect\nlegacy = legacy_sect\n[default_sect]\nactivate = 1\n"
                + "[legacy_sect]\nactivate = 1\n");
        ExternalClient.Result r = ExternalClient.run(List.of("/usr/bin/env", "OPENSSL_CONF=" + openssl, PYTHON,
                script.toString(), endpoint, scenario, "ntlm"), dir, Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), r::toString);
        return new ObjectMapper().readTree(r.stdout());
    }

    /** A proxy in front of the server decrypting with {@code password}; returns its recordings after the run. */
    private static List<RecordingReader.Recording> throughProxy(String password, String scenario, JsonNode[] out) throws Exception {
        Path creds = dir.resolve("creds-" + password);
        Files.writeString(creds, "user=user\npassword=" + password + "\n");
        Path recordings = dir.resolve("rec-" + password + "-" + scenario);
        RecordingSink recorder = new RecordingSink(recordings);
        TapdeckProxy proxy = new TapdeckProxy(ProxyConfig.single("127.0.0.1", 0, URI.create("http://127.0.0.1:" + server.port()),
                Policy.OBSERVE, recordings).withCredentials(RouteCredentials.ofFile(creds)), recorder);
        String id = vertx.deployVerticle(proxy).await(30, TimeUnit.SECONDS);
        try {
            out[0] = pywinrm("http://127.0.0.1:" + proxy.port("main") + "/wsman", scenario);
        } finally {
            vertx.undeploy(id).await(30, TimeUnit.SECONDS);
            recorder.close();
        }
        List<RecordingReader.Recording> recs = new ArrayList<>();
        try (Stream<Path> files = Files.list(recordings)) {
            for (Path f : files.sorted().toList()) {
                recs.add(RecordingReader.read(f));
            }
        }
        return recs;
    }

    @Test
    void pywinrmEncryptsAgainstTheServerDirectly() throws Exception {
        assumePywinrmNtlm();
        JsonNode cmd = pywinrm(server.endpoint(), "run_cmd");
        assertEquals("hello world\r\n", cmd.path("echo").path("stdout").asText());
        assertEquals(3, cmd.path("exit").path("status").asInt());
    }

    @Test
    void theProxyDecryptsTheSealedSends() throws Exception {
        assumePywinrmNtlm();
        JsonNode[] out = new JsonNode[1];
        List<RecordingReader.Recording> recs = throughProxy("pass", "stdin", out);
        assertEquals("first line\r\nsecond line\r\n", out[0].path("stdin").path("stdout").asText());
        List<String> stdin = new ArrayList<>();
        int sealed = 0;
        for (RecordingReader.Recording rec : recs) {
            for (JsonNode e : rec.http(Direction.CLIENT_TO_SERVER)) {
                JsonNode decoded = e.path("decoded");
                if (!"ENCRYPTED".equals(decoded.path("bodyKind").asText())) {
                    continue;
                }
                sealed++;
                assertTrue(decoded.path("sealed").path("decrypted").asBoolean(), e.toString());
                assertTrue(RecordingReader.Recording.plaintext(e) != null, "plaintext recorded");
                assertFalse(new String(RecordingReader.Recording.body(e), StandardCharsets.ISO_8859_1).contains("Envelope"),
                        "the wire body stays encrypted in the recording");
                JsonNode env = decoded.path("envelope");
                if ("Send".equals(env.path("header").path("action").asText())) {
                    for (JsonNode s : env.path("body").path("streams")) {
                        stdin.add(new String(Base64.getDecoder().decode(s.path("data").asText()), StandardCharsets.ISO_8859_1));
                    }
                }
            }
            rec.events().forEach(ev -> ev.path("violations").forEach(v -> {
                throw new AssertionError("no violation expected: " + v);
            }));
        }
        assertTrue(sealed >= 5, "sealed requests seen: " + sealed);
        assertEquals(List.of("first line\r\n", "second line\r\n"), stdin);
        assertTrue(recs.stream().flatMap(r -> r.ofType("audit").stream())
                .anyMatch(a -> a.toString().contains("\"user\"")), "audit names the NTLM user");
    }

    @Test
    void aWrongPasswordStillRelaysAndSaysItCouldNotDecrypt() throws Exception {
        assumePywinrmNtlm();
        JsonNode[] out = new JsonNode[1];
        List<RecordingReader.Recording> recs = throughProxy("wrong", "run_cmd", out);
        assertEquals("hello world\r\n", out[0].path("echo").path("stdout").asText());
        List<String> rules = new ArrayList<>();
        for (RecordingReader.Recording rec : recs) {
            rec.events().forEach(ev -> ev.path("violations").forEach(v -> rules.add(v.path("rule").asText())));
            for (JsonNode e : rec.http(Direction.CLIENT_TO_SERVER)) {
                assertTrue(RecordingReader.Recording.plaintext(e) == null, "nothing decrypted");
            }
        }
        assertTrue(rules.contains("NtlmRule.CREDENTIALS_MISMATCH"), rules.toString());
    }
}
