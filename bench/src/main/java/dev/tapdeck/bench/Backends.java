package dev.tapdeck.bench;

import dev.tapdeck.samples.winrm.WinrmServer;
import dev.tapdeck.samples.winrm.WinrmServerOptions;
import io.vertx.core.Vertx;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The upstreams of {@code bench/run.sh}, in a JVM of their own so that no path's proxy shares it: the embedded
 * WinRM server and the WebSocket echo server on loopback. Prints {@code winrm PORT} and {@code ws PORT}, then
 * serves until killed.
 * <pre>{@code java -cp bench/target/benchmarks.jar dev.tapdeck.bench.Backends --winrm-port 0 --ws-port 0}</pre>
 * With {@code --free-ports N} it only prints N distinct free loopback ports, one per line, and exits.
 */
public final class Backends {
    private Backends() {
    }

    public static void main(String[] args) throws Exception {
        int free = Args.integer(args, "--free-ports", 0);
        if (free > 0) {
            freePorts(free).forEach(System.out::println);
            return;
        }
        Vertx vertx = Vertx.vertx();
        // shells a failed cycle leaves behind must not exhaust the quota during a long run
        WinrmServer winrm = new WinrmServer(new WinrmServerOptions().host("127.0.0.1")
                .port(Args.integer(args, "--winrm-port", 0)).maxShells(100_000));
        winrm.start(vertx).await(30, TimeUnit.SECONDS);
        int ws = WsEchoServer.start(vertx, "127.0.0.1", Args.integer(args, "--ws-port", 0))
                .await(30, TimeUnit.SECONDS).actualPort();
        System.out.println("winrm " + winrm.port());
        System.out.println("ws " + ws);
        System.out.flush();
        Thread.currentThread().join();
    }

    /** Binds them all at once, so they differ, then lets them go for the script to use. */
    private static List<Integer> freePorts(int n) throws Exception {
        List<ServerSocket> sockets = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports.add(s.getLocalPort());
            }
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
        return ports;
    }
}
