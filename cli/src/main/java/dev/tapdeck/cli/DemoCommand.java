package dev.tapdeck.cli;

import dev.tapdeck.proxy.HostPort;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.samples.winrm.WinrmServer;
import dev.tapdeck.samples.winrm.WinrmServerOptions;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code tapdeck demo}: the proxy in front of the embedded sample WinRM server. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start the embedded sample WinRM server (a fake Windows host with a few built-in commands: "
                + "echo, type/cat (echoes stdin), exit N, hostname; and a PowerShell endpoint with Write-Output, $input, "
                + "Write-Error and throw) on a free loopback port, and the proxy in front of it."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    ProxyOptions options = new ProxyOptions();

    @Option(names = "--user", defaultValue = "tapdeck", description = "Basic user the sample server accepts (default: ${DEFAULT-VALUE}).")
    String user = "tapdeck";

    @Option(names = "--password", defaultValue = "tapdeck", description = "Its password (default: ${DEFAULT-VALUE}); demo only.")
    String password = "tapdeck";

    DemoCommand() {
    }

    DemoCommand(ProxyOptions options) {
        this.options = options;
    }

    @Override
    public Integer call() throws Exception {
        Vertx serverVertx = Vertx.vertx();
        WinrmServer server = new WinrmServer(new WinrmServerOptions().host("127.0.0.1").port(0).credentials(user, password));
        server.start(serverVertx).await(30, TimeUnit.SECONDS);
        HostPort hp = HostPort.parse(options.listen);
        ProxyConfig cfg = options.applyTls(options.applyRecordingOrExplain(ProxyConfig.single(hp.host(), hp.port(),
                        URI.create("http://127.0.0.1:" + server.port()), options.policy(), options.record)
                .withBodyLimit(options.bodyLimit)));
        cfg = options.redaction(cfg);
        Runtime.getRuntime().addShutdownHook(new Thread(serverVertx::close, "tapdeck-demo-server-shutdown"));
        return Runner.runUntilInterrupted(cfg, options, started -> {
            int port = started.proxy().port("main");
            System.out.println("embedded sample WinRM server at " + server.endpoint());
            System.out.println();
            String scheme = started.proxy().proxyConfig().listeners().get(0).scheme();
            System.out.println("Point a WinRM client at " + scheme + "://" + hp.host() + ":" + port + "/wsman, e.g. with pywinrm:");
            System.out.println("  /usr/bin/python3 -c \"import winrm; r = winrm.Session('http://" + hp.host() + ":" + port
                    + "/wsman', auth=('" + user + "', '" + password + "')).run_cmd('echo', ['hello', 'world']); "
                    + "print(r.status_code, r.std_out)\"");
            System.out.println("or a PowerShell (PSRP) client at the same URL, resource "
                    + "http://schemas.microsoft.com/powershell/Microsoft.PowerShell, Basic auth, no encryption, e.g. with pypsrp:");
            System.out.println("  /usr/bin/python3 -c \"from pypsrp.client import Client; c = Client('" + hp.host() + "', port=" + port
                    + ", ssl=False, auth='basic', encryption='never', username='" + user + "', password='" + password + "'); "
                    + "print(c.execute_ps('Write-Output hello'))\"");
            System.out.println("Ctrl-C stops.");
        });
    }
}
