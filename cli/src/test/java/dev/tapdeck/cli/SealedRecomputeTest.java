package dev.tapdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.RouteCredentials;
import dev.tapdeck.proxy.TapdeckProxy;
import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.RecordingSink;
import dev.tapdeck.samples.winrm.WinrmServer;
import dev.tapdeck.samples.winrm.WinrmServerOptions;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code tapdeck recompute} of an NTLM-sealed WinRM session ([MS-WSMV] 2.2.9.1): pywinrm with
 * {@code transport='ntlm'} (message encryption) through the proxy, which holds the route's credentials and
 * records each decrypted body's plaintext. Recomputed, the session gets back the shell, command, stdin and
 * audit annotations the live proxy gave it (decoded from the plaintext, not the ciphertext), and its NTLM facts.
 */
class SealedRecomputeTest {
    private static final String PYTHON = "/usr/bin/python3";
    /** pywinrm 0.3.0: open a cmd shell, run 'cat', two Sends of stdin, read the output, clean up. */
    private static final String CLIENT = String.join("\n",
            "import base64, json, sys, winrm, xmltodict",
            "SHELL = 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell'",
            "def send(p, shell, cmd, data, end):",
            "    req = {'env:Envelope': p._get_soap_header(resource_uri=SHELL + '/cmd', action=SHELL + '/Send', shell_id=shell)}",
            "    s = req['env:Envelope'].setdefault('env:Body', {}).setdefault('rsp:Send', {}).setdefault('rsp:Stream', {})",
            "    s['@Name'] = 'stdin'",
            "    s['@CommandId'] = cmd",
            "    if end:",
            "        s['@End'] = 'true'",
            "    s['#text'] = base64.b64encode(data).decode('ascii')",
            "    p.send_message(xmltodict.unparse(req))",
            "p = winrm.Session(sys.argv[1], auth=('user', 'pass'), transport='ntlm', message_encryption='always').protocol",
            "shell = p.open_shell()",
            "cmd = p.run_command(shell, 'cat')",
            "send(p, shell, cmd, b'first line\\r\\n', False)",
            "send(p, shell, cmd, b'second line\\r\\n', True)",
            "out, err, status = p.get_command_output(shell, cmd)",
            "p.cleanup_command(shell, cmd)",
            "p.close_shell(shell)",
            "print(json.dumps({'stdout': out.decode('latin-1'), 'status': status}))", "");

    @Test
    void aSealedSessionGetsBackTheLiveAnnotationsFromItsPlaintext(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " not found: install python3 and python3-winrm");
        assumeTrue(python(dir, "-c", "import winrm, requests_ntlm, xmltodict").exit() == 0,
                "pywinrm or requests_ntlm missing (apt-get install python3-winrm python3-requests-ntlm)");
        Path recordings = dir.resolve("rec");
        List<Path> files = sealedSession(dir, recordings);

        int sealedWithPlaintext = 0;
        List<String> stdin = new ArrayList<>();
        for (Path original : files) {
            List<JsonNode> live = RecomputeTest.lines(original);
            for (JsonNode l : live) {
                if (l.has("plaintext") && "ENCRYPTED".equals(l.path("decoded").path("bodyKind").asText())) {
                    sealedWithPlaintext++;
                    assertFalse(new String(RecordedEvents.base64(l, "body"), StandardCharsets.ISO_8859_1).contains("Envelope"),
                            "the wire body is ciphertext");
                }
            }
            Path out = dir.resolve("out-" + original.getFileName());
            RecomputeCommand.run(original, out, new FileCommandOptions(), Progress.NONE);
            List<JsonNode> recomputed = RecomputeTest.lines(out);
            RecomputeTest.assertSameLines(live, recomputed);
            for (JsonNode l : recomputed) {
                for (JsonNode s : l.path("decoded").path("envelope").path("body").path("streams")) {
                    if ("stdin".equals(s.path("name").asText())) {
                        stdin.add(new String(Base64.getDecoder().decode(s.path("data").asText()), StandardCharsets.ISO_8859_1));
                    }
                }
            }
            // stripped of everything derived (as an older Tapdeck would have written it, sealing facts gone too),
            // the plaintext alone still gives the shell, the command and its stdin
            Path stripped = RecomputeTest.write(dir.resolve("stripped-" + original.getFileName()), RecomputeTest.strip(live));
            Path out2 = dir.resolve("out2-" + original.getFileName());
            RecomputeCommand.run(stripped, out2, new FileCommandOptions(), Progress.NONE);
            assertSameEnvelopesAndAudits(live, RecomputeTest.lines(out2));
        }
        assertTrue(sealedWithPlaintext >= 10, "sealed bodies the proxy decrypted: " + sealedWithPlaintext);
        assertEquals(List.of("first line\r\n", "second line\r\n"), stdin, "the Sends' stdin, decoded from the plaintext");
    }

    /** Every envelope, PSRP message list and audit record is the live one (the sealing facts aside). */
    private static void assertSameEnvelopesAndAudits(List<JsonNode> live, List<JsonNode> recomputed) {
        assertEquals(live.size(), recomputed.size(), "lines");
        int envelopes = 0;
        for (int i = 0; i < live.size(); i++) {
            JsonNode e = live.get(i);
            JsonNode a = recomputed.get(i);
            assertEquals(e.path("type"), a.path("type"), "line " + (i + 1));
            assertEquals(e.path("decoded").path("envelope"), a.path("decoded").path("envelope"), "line " + (i + 1));
            assertEquals(e.path("decoded").path("psrpMessages"), a.path("decoded").path("psrpMessages"), "line " + (i + 1));
            envelopes += e.path("decoded").path("envelope").isObject() ? 1 : 0;
            if ("audit".equals(e.path("type").asText())) {
                ObjectNode x = e.deepCopy();
                ObjectNode y = a.deepCopy();
                x.remove(List.of("t", "at", "seq"));
                y.remove(List.of("t", "at", "seq"));
                assertEquals(x, y, "audit line " + (i + 1));
            }
        }
        assertTrue(envelopes >= 10, "envelopes compared: " + envelopes);
        assertTrue(live.stream().anyMatch(l -> "audit".equals(l.path("type").asText())), "the command was audited live");
    }

    /** The embedded server requiring NTLM with sealing; the proxy decrypts with the route's credentials. */
    private static List<Path> sealedSession(Path dir, Path recordings) throws Exception {
        Path creds = Files.writeString(dir.resolve("creds"), "user=user\npassword=pass\n");
        Vertx vertx = Vertx.vertx();
        try (RecordingSink sink = new RecordingSink(recordings)) {
            WinrmServer server = new WinrmServer(new WinrmServerOptions().host("127.0.0.1").port(0)
                    .credentials("user", "pass").ntlm(true));
            server.start(vertx).await(30, TimeUnit.SECONDS);
            TapdeckProxy proxy = new TapdeckProxy(ProxyConfig.single("127.0.0.1", 0, URI.create("http://127.0.0.1:" + server.port()),
                    Policy.OBSERVE, recordings).withCredentials(RouteCredentials.ofFile(creds)), sink);
            vertx.deployVerticle(proxy).await(30, TimeUnit.SECONDS);
            Path script = Files.writeString(dir.resolve("sealed_client.py"), CLIENT);
            Run run = python(dir, script.toString(), "http://127.0.0.1:" + proxy.port("main") + WinrmServer.PATH);
            assertEquals(0, run.exit(), run.out());
            assertTrue(run.out().contains("first line\\r\\nsecond line\\r\\n"), run.out());
            vertx.close().await(30, TimeUnit.SECONDS); // the client connections close: the sessions end
            sink.flush();
        } finally {
            vertx.close();
        }
        try (Stream<Path> all = Files.list(recordings)) {
            List<Path> files = all.filter(f -> f.toString().endsWith(RecordingFormat.FILE_SUFFIX)).sorted().toList();
            assertFalse(files.isEmpty(), "recordings in " + recordings);
            return files;
        }
    }

    private record Run(int exit, String out) {
    }

    /** Runs python with {@code args}, MD4 enabled for ntlm_auth (OpenSSL 3 keeps it in its legacy provider). */
    private static Run python(Path dir, String... args) throws Exception {
        Path openssl = Files.writeString(dir.resolve("openssl-legacy.cnf"), "openssl_conf = openssl_init\n[openssl_init]\n"
                + "providers = provider_sect\n[provider_sect]\ndefault = default_sect\nlegacy = legacy_sect\n"
                + "[default_sect]\nactivate = 1\n[legacy_sect]\nactivate = 1\n");
        List<String> command = new ArrayList<>(List.of(PYTHON));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("OPENSSL_CONF", openssl.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // ends when python exits
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(-1, out);
        }
        return new Run(p.exitValue(), out);
    }
}
