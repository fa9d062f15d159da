package dev.tapdeck.cli;

import dev.tapdeck.dashboards.AdminConfig;
import dev.tapdeck.proxy.ProxyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminOptionsTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private static AdminConfig resolve(String dflt, Map<String, String> env, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "proxy";
        all[1] = "--target";
        all[2] = "http://winhost:5985";
        System.arraycopy(args, 0, all, 3, args.length);
        ProxyCommand c = (ProxyCommand) Main.commandLine().parseArgs(all).subcommand().commandSpec().userObject();
        ProxyConfig cfg = ProxyConfig.single("127.0.0.1", 0, URI.create("http://winhost:5985"), c.options.policy(), c.options.record);
        return AdminOptions.resolve(c.options, cfg, dflt, env);
    }

    @Test
    void theDashboardsRunOnlyWhenAskedOrInTheDemo() {
        assertNull(resolve(null, Map.of()));
        AdminConfig demo = resolve(AdminOptions.DEMO_ADDRESS, Map.of());
        assertEquals("127.0.0.1", demo.host());
        assertEquals(9090, demo.port());
        assertNull(resolve(AdminOptions.DEMO_ADDRESS, Map.of(), "--no-admin"));
        assertEquals(9191, resolve(null, Map.of(), "--admin", "localhost:9191").port());
    }

    @Test
    void aNetworkAddressNeedsATokenFromAFileOrTheEnvironment() throws Exception {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> resolve(null, Map.of(), "--admin", "0.0.0.0:9090"));
        assertTrue(e.getMessage().contains("needs an access token"), e.getMessage());
        assertEquals(TOKEN, resolve(null, Map.of(AdminOptions.TOKEN_ENV, TOKEN), "--admin", "0.0.0.0:9090").token());
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        assertEquals(TOKEN, resolve(null, Map.of(), "--admin", "0.0.0.0:9090", "--admin-token-file", file.toString()).token());
        e = assertThrows(CommandLine.ParameterException.class, () -> resolve(null, Map.of(), "--admin", "0.0.0.0:9090",
                "--admin-token-file", dir.resolve("missing").toString()));
        assertTrue(e.getMessage().contains("cannot read the admin token file"), e.getMessage());
        e = assertThrows(CommandLine.ParameterException.class, () -> resolve(null, Map.of(AdminOptions.TOKEN_ENV, "short"),
                "--admin", "127.0.0.1:9090"));
        assertTrue(e.getMessage().contains("at least 16 characters"), e.getMessage());
    }
}
