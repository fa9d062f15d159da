package dev.tapdeck.cli;

import dev.tapdeck.dashboards.AdminConfig;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.samples.winrm.WinrmServer;
import dev.tapdeck.samples.winrm.WinrmServerOptions;
import io.vertx.core.Vertx;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The embedded WinRM server, the proxy in front of it recording into a directory, and the dashboards on their
 * admin listener, all on loopback port 0, started the way {@code tapdeck proxy --record DIR --admin …} starts them.
 */
final class DashboardStack implements AutoCloseable {
    static final String USER = "operator";
    static final String PASSWORD = "s3cret-pass";

    final Vertx serverVertx = Vertx.vertx();
    final WinrmServer server;
    final Runner.Started started;
    final Path recordDir;

    DashboardStack(Path recordDir) throws Exception {
        this.recordDir = recordDir;
        server = new WinrmServer(new WinrmServerOptions().host("127.0.0.1").port(0).credentials(USER, PASSWORD));
        server.start(serverVertx).await(30, TimeUnit.SECONDS);
        ProxyCommand command = (ProxyCommand) Main.commandLine().parseArgs("proxy", "--target", "http://127.0.0.1:" + server.port(), "--listen", "127.0.0.1:0",
                "--record", recordDir.toString(), "--admin", "127.0.0.1:0", "--quiet")
                .subcommand().commandSpec().userObject();
        ProxyConfig cfg = ProxyConfig.single("127.0.0.1", 0, command.target, command.options.policy(), command.options.record);
        AdminConfig admin = AdminOptions.resolve(command.options, cfg, null, java.util.Map.of());
        started = Runner.start(Vertx.vertx(), cfg, command.options, admin);
    }

    /** The WinRM endpoint through the proxy. */
    String endpoint() {
        return "http://127.0.0.1:" + started.proxy().port("main") + WinrmServer.PATH;
    }

    /** The dashboards' base address, ending in {@code /}. */
    String admin() {
        return started.admin().url();
    }

    /** GET on the admin listener: status and body. */
    HttpResponse<String> get(String path) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        return http.send(HttpRequest.newBuilder(URI.create(admin() + path.replaceFirst("^/", ""))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        started.close();
        serverVertx.close().await(30, TimeUnit.SECONDS);
    }
}
