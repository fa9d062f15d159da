package dev.tapdeck.samples.winrm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.SelfSignedCertificate;
import dev.tapdeck.proxy.TapdeckProxy;
import dev.tapdeck.proxy.TlsSettings;
import dev.tapdeck.recorder.EventSink;
import dev.tapdeck.recorder.TapEvent;
import io.vertx.core.Vertx;
import io.vertx.core.net.PfxOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 10 acceptance, TLS: pywinrm over HTTPS through the proxy, whose listener has a generated certificate
 * (pywinrm verifies it against the PEM file the proxy wrote), to the embedded WinRM server over HTTPS, whose
 * certificate the proxy verifies against a given trust store. Skipped without /usr/bin/python3 and python3-winrm.
 */
class PywinrmOverTlsTest {
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void pywinrmOverHttpsThroughTheProxyToAnHttpsUpstream(@TempDir Path dir) throws Exception {
        assumeTrue(ExternalClient.isExecutable(PYTHON), PYTHON + " not found: install python3 and python3-winrm");
        ExternalClient.Result probe = ExternalClient.run(List.of(PYTHON, "-c", "import winrm"), dir, Duration.ofSeconds(60));
        assumeTrue(probe.exitCode() == 0, "the winrm module is missing (apt-get install python3-winrm): " + probe.stderr());
        Path script = ExternalClient.resource("/winrm/pywinrm_https.py", dir);
        SelfSignedCertificate serverCert = SelfSignedCertificate.generate("127.0.0.1", dir, "winrm-host");
        Vertx vertx = Vertx.vertx();
        try {
            WinrmServer server = TestServers.start(vertx, new WinrmServerOptions().credentials("user", "pass")
                    .tls(new PfxOptions().setPath(serverCert.keyStore().toString()).setPassword(serverCert.password())));
            assertTrue(server.endpoint().startsWith("https://"), server.endpoint());
            ProxyConfig plain = ProxyConfig.single("127.0.0.1", 0, URI.create("https://127.0.0.1:" + server.port()),
                    Policy.OBSERVE, null).withUpstreamTls(TlsSettings.Upstream.trusting(serverCert.certificate(), null));
            ProxyConfig cfg = plain.withListeners(List.of(plain.listeners().get(0).withTls(TlsSettings.Listener.generated())));
            List<TapEvent> events = new CopyOnWriteArrayList<>();
            EventSink sink = events::add;
            TapdeckProxy proxy = new TapdeckProxy(cfg, sink);
            TestServers.await(vertx.deployVerticle(proxy));
            Path proxyCa = proxy.generatedCertificates().get("main").certificate();

            ExternalClient.Result r = ExternalClient.run(List.of(PYTHON, script.toString(),
                    "https://127.0.0.1:" + proxy.port("main") + "/wsman", proxyCa.toString()), dir, Duration.ofSeconds(120));
            assertEquals(0, r.exitCode(), r::toString);
            JsonNode out = new ObjectMapper().readTree(r.stdout());
            assertEquals("hello tls\r\n", out.get("stdout").asText(), out::toString);
            assertEquals(0, out.get("status").asInt(), out::toString);
            // the proxy decoded the exchanges it relayed over both TLS legs
            assertTrue(events.stream().filter(TapEvent.HttpMessageCaptured.class::isInstance).count() >= 8,
                    "Create, Command, Receive, Signal, Delete and their responses were tapped");
        } finally {
            TestServers.close(vertx);
        }
    }
}
