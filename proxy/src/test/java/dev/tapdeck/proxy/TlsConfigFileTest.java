package dev.tapdeck.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TLS and client-limit fields of the configuration file; relative paths are relative to the file. */
class TlsConfigFileTest {

    @Test
    void listenerCertificatesAndRouteTrustLoad(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tapdeck.json");
        Files.writeString(file, """
                {"listeners": [
                  {"name": "pem", "listen": "127.0.0.1:0", "tls": {"cert": "proxy.pem", "key": "proxy.key"},
                   "routes": [{"path": "/wsman", "upstream": "https://winhost:5986", "trust": "ca.pem"}]},
                  {"name": "local", "listen": "127.0.0.1:0", "selfSigned": true,
                   "routes": [{"path": "/", "upstream": "wss://echo:443", "insecure": true}]},
                  {"name": "plain", "listen": "127.0.0.1:0",
                   "routes": [{"path": "/", "upstream": "https://winhost:5986"}]}],
                 "maxHeaderSize": 16384, "requestHeadTimeoutSeconds": 30}
                """);
        ProxyConfig cfg = ProxyConfig.load(file);
        ProxyConfig.Listener pem = cfg.listeners().get(0);
        assertEquals(TlsSettings.Listener.pem(dir.resolve("proxy.pem"), dir.resolve("proxy.key")), pem.tls());
        assertEquals(TlsSettings.Upstream.trusting(dir.resolve("ca.pem"), null), pem.routes().get(0).upstreamTls());
        assertTrue(cfg.listeners().get(1).tls().selfSigned());
        assertTrue(cfg.listeners().get(1).routes().get(0).upstreamTls().insecure());
        assertNull(cfg.listeners().get(2).tls());
        assertEquals(TlsSettings.Upstream.SYSTEM, cfg.listeners().get(2).routes().get(0).upstreamTls());
        assertTrue(cfg.anyUpstreamInsecure());
        assertEquals(16384, cfg.clientLimits().maxHeaderSize());
        assertEquals(Duration.ofSeconds(30), cfg.clientLimits().requestHeadTimeout());
    }

    @Test
    void tlsAndSelfSignedExcludeEachOther(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tapdeck.json");
        Files.writeString(file, """
                {"listeners": [{"name": "both", "listen": "127.0.0.1:0", "selfSigned": true,
                  "tls": {"cert": "a.pem", "key": "a.key"}, "routes": [{"upstream": "http://h:5985"}]}]}
                """);
        IOException e = assertThrows(IOException.class, () -> ProxyConfig.load(file));
        assertTrue(e.getMessage().contains("listener both") && e.getMessage().contains("selfSigned"), e.getMessage());
    }

    @Test
    void aPasswordVariableThatIsNotSetIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tapdeck.json");
        Files.writeString(file, """
                {"listeners": [{"listen": "127.0.0.1:0", "tls": {"pkcs12": "p.p12", "passwordEnv": "TAPDECK_TEST_UNSET_VARIABLE"},
                  "routes": [{"upstream": "http://h:5985"}]}]}
                """);
        IOException e = assertThrows(IOException.class, () -> ProxyConfig.load(file));
        assertTrue(e.getMessage().contains("TAPDECK_TEST_UNSET_VARIABLE"), e.getMessage());
    }
}
