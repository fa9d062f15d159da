package dev.tapdeck.cli;

import dev.tapdeck.dashboards.AdminConfig;
import dev.tapdeck.proxy.HostPort;
import dev.tapdeck.proxy.ProxyConfig;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

/** The admin listener's settings from {@code --admin}, {@code --admin-token-file} and the environment. */
final class AdminOptions {
    /** Where {@code tapdeck demo} serves the dashboards unless told otherwise. */
    static final String DEMO_ADDRESS = "127.0.0.1:9090";
    /** The token's environment variable: unlike a flag, it does not show in the process list. */
    static final String TOKEN_ENV = "TAPDECK_ADMIN_TOKEN";

    private AdminOptions() {
    }

    /**
     * The admin listener's configuration, null when none is asked for. {@code dflt} is the address used when
     * {@code --admin} is absent (null: no dashboards). Bad values are usage errors that say what is wrong.
     */
    static AdminConfig resolve(ProxyOptions options, ProxyConfig cfg, String dflt, Map<String, String> env) {
        String address = options.admin != null ? options.admin : options.noAdmin ? null : dflt;
        if (address == null) {
            return null;
        }
        String token = env.get(TOKEN_ENV);
        if (options.adminTokenFile != null) {
            try {
                token = Files.readString(options.adminTokenFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw usage(options, "cannot read the admin token file " + options.adminTokenFile + ": " + e);
            }
        }
        try {
            HostPort hp = HostPort.parse(address);
            return new AdminConfig(hp.host(), hp.port(), token == null || token.isBlank() ? null : token, cfg.recordDir());
        } catch (IllegalArgumentException e) {
            throw usage(options, "--admin " + address + ": " + e.getMessage());
        }
    }

    private static RuntimeException usage(ProxyOptions options, String message) {
        return options.spec == null ? new IllegalArgumentException(message)
                : new CommandLine.ParameterException(options.spec.commandLine(), message);
    }
}
