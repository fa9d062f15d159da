package dev.tapdeck.cli;

import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.TlsSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TLS and client-limit flags of {@code tapdeck proxy} reach every listener and route. */
class TlsOptionsTest {
    private static final URI UPSTREAM = URI.create("https://winhost:5986");

    @Test
    void selfSignedListenerAndInsecureUpstream() {
        ProxyConfig cfg = apply("--tls-self-signed", "--upstream-insecure", "--request-head-timeout", "5",
                "--max-header-size", "4096");
        ProxyConfig.Listener l = cfg.listeners().get(0);
        assertTrue(l.tls().selfSigned());
        assertEquals("https", l.scheme());
        assertTrue(l.routes().get(0).upstreamTls().insecure());
        assertTrue(cfg.anyUpstreamInsecure());
        assertEquals(Duration.ofSeconds(5), cfg.clientLimits().requestHeadTimeout());
        assertEquals(4096, cfg.clientLimits().maxHeaderSize());
    }

    @Test
    void byDefaultPlainListenerAndUpstreamVerifiedAgainstTheSystemTrustStore() {
        ProxyConfig cfg = apply();
        assertNull(cfg.listeners().get(0).tls());
        assertEquals(TlsSettings.Upstream.SYSTEM, cfg.listeners().get(0).routes().get(0).upstreamTls());
        assertFalse(cfg.anyUpstreamInsecure());
    }

    @Test
    void pemCertificateWithItsKeyAndAGivenTrustStore() {
        ProxyConfig cfg = apply("--tls-cert", "proxy.pem", "--tls-key", "proxy.key", "--upstream-trust", "ca.pem");
        assertEquals(TlsSettings.Listener.pem(Path.of("proxy.pem"), Path.of("proxy.key")), cfg.listeners().get(0).tls());
        assertEquals(Path.of("ca.pem"), cfg.listeners().get(0).routes().get(0).upstreamTls().trust());
    }

    @Test
    void aCertificateWithoutItsKeyIsAUsageError() {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> apply("--tls-cert", "proxy.pem"));
        assertTrue(e.getMessage().contains("key"), e.getMessage());
    }

    private static ProxyConfig apply(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "proxy";
        all[1] = "--target";
        all[2] = UPSTREAM.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        ProxyCommand command = (ProxyCommand) Main.commandLine().parseArgs(all).subcommand().commandSpec().userObject();
        return command.options.applyTls(ProxyConfig.single("127.0.0.1", 0, UPSTREAM, command.options.policy(), null));
    }
}
