package dev.tapdeck.cli;

import dev.tapdeck.proxy.HostPort;
import dev.tapdeck.replay.ClientReport;
import dev.tapdeck.replay.ReplayClient;
import dev.tapdeck.replay.ReplayMode;
import dev.tapdeck.replay.ReplayOptions;
import dev.tapdeck.replay.ReplayScript;
import dev.tapdeck.replay.ReplayServer;
import dev.tapdeck.replay.ReplaySources;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code tapdeck replay server|client}: a recording as a fake server, or re-sent as a fake client. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a recorded session: as the server (a fake upstream for a client under test) or as the client "
                + "(re-sent to a live server, responses compared).",
        subcommands = {ReplayCommand.Server.class, ReplayCommand.Client.class})
final class ReplayCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Serve FILE (a Tapdeck recording or a pypsrp YAML session) as the upstream. Live requests are "
                    + "matched to recorded ones by content and order; ids (MessageID/RelatesTo, ShellId, CommandId, PSRP "
                    + "RPID/PID, wsa:To) are mapped. Authorization is not checked: recordings are redacted. A request "
                    + "that matches nothing gets a WS-Man fault and a report on stderr naming the nearest recorded request."})
    static final class Server implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The recording.")
        Path file;

        @Option(names = "--listen", defaultValue = "127.0.0.1:0", description = "HOST:PORT to listen on (default: ${DEFAULT-VALUE}, any free port).")
        String listen;

        @Option(names = "--mode", defaultValue = "lenient", description = "strict (order and content) or lenient (content; identical requests in order). Default: ${DEFAULT-VALUE}.")
        ReplayMode mode;

        @Option(names = "--speed", defaultValue = "0", description = "0: answer at once (default); F: the recorded server latency divided by F.")
        double speed;

        @Override
        public Integer call() throws Exception {
            ReplayScript script = ReplaySources.load(file);
            HostPort hp = HostPort.parse(listen);
            Vertx vertx = Vertx.vertx();
            ReplayServer server = ReplayServer.start(vertx, script, ReplayOptions.defaults().listen(hp.host(), hp.port())
                    .mode(mode).speed(speed)).await(30, TimeUnit.SECONDS);
            System.out.println("replaying " + script.name() + " (" + script.size() + (script.isWebSocket() ? " client messages" : " exchanges")
                    + ", " + mode.name().toLowerCase(java.util.Locale.ROOT) + ") at " + server.uri());
            System.out.println("Ctrl-C stops and prints what was not replayed.");
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                String problems = server.problems(false);
                System.err.println(problems == null ? "replay complete: every recorded exchange was used" : problems);
                vertx.close();
                stopped.countDown();
            }, "tapdeck-replay-shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Re-send the client side of FILE to --target (a live server, or a Tapdeck proxy in front of one), "
                    + "with fresh MessageIDs and the ids the live server chooses, and compare each response with the recorded "
                    + "one after normalisation. Exit status 0 when nothing differs, 1 otherwise."})
    static final class Client implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The recording.")
        Path file;

        @Option(names = "--target", required = true, description = "URL to send to, e.g. http://winhost:5985/wsman.")
        URI target;

        @Option(names = "--authorization", description = "Authorization header value to send (recordings hold none in clear).")
        String authorization;

        @Option(names = "--seed", description = "Derive MessageIDs from this seed instead of at random (repeatable runs).")
        String seed;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ReplayScript script = ReplaySources.load(file);
            Vertx vertx = Vertx.vertx();
            java.io.PrintWriter err = spec.commandLine().getErr();
            java.io.PrintWriter out = spec.commandLine().getOut();
            try {
                ReplayClient client = new ReplayClient(vertx, script, target,
                        seed == null ? UUID::randomUUID : ReplayOptions.countingIds(seed), line -> {
                            err.print("\r" + line);
                            err.flush();
                        })
                        .authorization(authorization);
                ClientReport report = client.run().await(10, TimeUnit.MINUTES);
                err.println();
                out.print(report.render());
                out.flush();
                return report.clean() ? 0 : 1;
            } finally {
                vertx.close().await(30, TimeUnit.SECONDS);
            }
        }
    }
}
