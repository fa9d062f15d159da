package dev.tapdeck.cli;

import dev.tapdeck.proxy.HostPort;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.RouteCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code tapdeck proxy}: run the proxy in front of a WinRM or WebSocket server (or the embedded WinRM one). */
@Command(name = "proxy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the proxy. Point a WinRM or WebSocket client at the listen address instead of the server.",
                "Without --target and --config, the embedded sample WinRM server is started as the upstream (like 'demo')."})
final class ProxyCommand implements Callable<Integer> {
    @Option(names = "--target", paramLabel = "URL", description = {"The server: http(s)://winhost:5985 relays WinRM, "
            + "ws(s)://host:port relays WebSocket (the scheme chooses the protocol)."})
    URI target;

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON configuration with several listeners and routes (see README). Flags override its policy and recording.")
    Path config;

    @Mixin
    ProxyOptions options = new ProxyOptions();

    @Override
    public Integer call() throws Exception {
        if (target == null && config == null) {
            return new DemoCommand(options).call();
        }
        ProxyConfig cfg;
        if (config != null) {
            cfg = ProxyConfig.load(config).withPolicy(options.policy());
            if (options.record != null) {
                cfg = cfg.withRecordDir(options.record);
            }
        } else {
            HostPort hp = HostPort.parse(options.listen);
            cfg = ProxyConfig.single(hp.host(), hp.port(), target, options.policy(), options.record);
        }
        cfg = options.applyTls(options.intercept(options.applyRecordingOrExplain(
                options.redaction(cfg.withBodyLimit(options.bodyLimit)))));
        if (options.credentialsFile != null) {
            cfg = cfg.withCredentials(RouteCredentials.ofFile(options.credentialsFile));
        }
        return Runner.runUntilInterrupted(cfg, options, null);
    }
}
