package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxyConfigTest {
    private static ProxyConfig.Route route(String prefix, String upstream) {
        return new ProxyConfig.Route(prefix, URI.create(upstream), RouteProtocol.WINRM);
    }

    @Test
    void routesMatchTheirPrefixAndWhatIsBelowIt() {
        ProxyConfig.Route wsman = route("/wsman", "http://h:5985");
        assertTrue(wsman.matches("/wsman"));
        assertTrue(wsman.matches("/wsman/sub"));
        assertFalse(wsman.matches("/wsmanx"));
        assertFalse(wsman.matches("/other"));
        assertTrue(route("/", "http://h:5985").matches("/anything"));
    }

    @Test
    void theUpstreamPathReplacesThePrefixOnlyWhenItHasOne() {
        assertEquals("/wsman?PSVersion=7.4.10", route("/wsman", "http://h:5985").upstreamTarget("/wsman?PSVersion=7.4.10"));
        assertEquals("/PowerShell/x", route("/ps", "http://h/PowerShell").upstreamTarget("/ps/x"));
        assertEquals("/PowerShell", route("/ps", "http://h/PowerShell").upstreamTarget("/ps"));
        assertEquals(5985, route("/", "http://h:5985").upstreamPort());
        assertEquals(443, route("/", "https://h").upstreamPort());
    }

    @Test
    void badRoutesAreRefusedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> route("wsman", "http://h:5985"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> route("/", "winhost:5985"));
        assertTrue(e.getMessage().contains("absolute URL"), e.getMessage());
    }

    @Test
    void aConfigurationFileWithSeveralListenersLoads(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("tapdeck.json"), """
                {"listeners": [
                   {"name": "winrm", "listen": "127.0.0.1:15985",
                    "routes": [{"path": "/wsman", "upstream": "http://winhost:5985", "protocol": "winrm"}]},
                   {"listen": "[::1]:0", "routes": [{"upstream": "http://other:5985"}]}],
                 "policy": "enforce", "enforce": ["WsmanRule.SEND_OUTSTANDING"], "bodyLimit": 1000, "record": "rec"}
                """);
        ProxyConfig cfg = ProxyConfig.load(file);
        assertEquals(2, cfg.listeners().size());
        assertEquals("winrm", cfg.listeners().get(0).name());
        assertEquals("::1", cfg.listeners().get(1).host());
        assertEquals("/", cfg.listeners().get(1).routes().get(0).pathPrefix());
        assertEquals(Policy.Mode.ENFORCE, cfg.policy().mode());
        assertEquals(java.util.Set.of("WsmanRule.SEND_OUTSTANDING"), cfg.policy().enforced());
        assertEquals(1000, cfg.bodyLimit());
        assertEquals(Path.of("rec"), cfg.recordDir());
        assertTrue(cfg.redact());
    }

    @Test
    void aMistypedFieldIsAnError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"listeners\": [], \"polcy\": \"observe\"}");
        IOException e = assertThrows(IOException.class, () -> ProxyConfig.load(file));
        assertTrue(e.getMessage().contains("polcy"), e.getMessage());
    }

    @Test
    void listenAddressesNameTheProblem() {
        assertEquals(new HostPort("127.0.0.1", 15985), HostPort.parse("127.0.0.1:15985"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse("localhost"));
        assertTrue(e.getMessage().contains("host:port"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("h:70000"));
    }
}
