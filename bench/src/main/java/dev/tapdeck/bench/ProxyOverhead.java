package dev.tapdeck.bench;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.RouteProtocol;
import dev.tapdeck.proxy.TapdeckProxy;
import dev.tapdeck.recorder.EventSink;
import dev.tapdeck.recorder.RecordingSink;
import dev.tapdeck.samples.winrm.WinrmServer;
import dev.tapdeck.samples.winrm.WinrmServerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import dev.tapdeck.recorder.TapEvent;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the WinRM tap adds, in one JVM and without {@code run.sh}'s processes: the embedded server, Tapdeck in
 * observe mode (recording off, and on with {@code --record}) and the load client, each on a Vert.x of its own.
 * Rounds alternate direct and through the proxy, so a noisy machine slows both alike; per path it prints
 * exchanges/s, p50 and p99, the JVM's CPU per exchange (client, proxy and server together, JIT and GC included)
 * and the CPU of the proxy's own threads (its event loop and the recorder's writer) per exchange. A quick profiling target:
 * <pre>{@code java -XX:StartFlightRecording=filename=/tmp/p.jfr,settings=profile -cp bench/target/benchmarks.jar \
 *     dev.tapdeck.bench.ProxyOverhead --connections 1 --rounds 3 --seconds 5}</pre>
 * With {@code --ws-size BYTES} the same for WebSocket: {@link WsEchoServer} upstream, {@link WsEchoLoad} echoing
 * binary messages of that size, an exchange being one message and its echo. With {@code --ws-idle N} (and
 * {@code --ws-size}) it opens N idle WebSockets directly, then N through the proxy, and prints the heap each
 * set retains after a GC: the difference is what the proxy holds per idle connection.
 */
public final class ProxyOverhead {
    private static final Set<Long> PROXY_THREADS = ConcurrentHashMap.newKeySet();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ProxyOverhead() {
    }

    public static void main(String[] args) throws Exception {
        int connections = Args.integer(args, "--connections", 1);
        int rounds = Args.integer(args, "--rounds", 3);
        int seconds = Args.integer(args, "--seconds", 5);
        boolean record = java.util.Arrays.asList(args).contains("--record");
        int wsSize = Args.integer(args, "--ws-size", 0);
        WinrmShells.Shape shape = WinrmShells.Shape.fromArgs(args);
        Path dir = record ? Files.createTempDirectory("tapdeck-overhead") : null;
        Vertx serverVertx = Vertx.vertx();
        Vertx proxyVertx = Vertx.vertx();
        Vertx clientVertx = Vertx.vertx();
        EventSink recorder = record ? new RecordingSink(dir) : event -> { };
        // the proxy calls its sink on its own event loop: that is how its threads are known, for their CPU time
        EventSink sink = new EventSink() {
            @Override
            public void accept(TapEvent event) {
                PROXY_THREADS.add(Thread.currentThread().getId());
                recorder.accept(event);
            }

            @Override
            public boolean congested() {
                return recorder.congested();
            }

            @Override
            public void whenDrained(Runnable resume) {
                recorder.whenDrained(resume);
            }

            @Override
            public void close() {
                recorder.close();
            }
        };
        try {
            int upstreamPort;
            String path;
            ProxyConfig config;
            if (wsSize > 0) {
                upstreamPort = WsEchoServer.start(serverVertx, "127.0.0.1", 0).await(30, TimeUnit.SECONDS).actualPort();
                path = WsEchoServer.PATH;
                config = new ProxyConfig(List.of(new ProxyConfig.Listener("main", "127.0.0.1", 0, List.of(
                        new ProxyConfig.Route(path, URI.create("ws://127.0.0.1:" + upstreamPort), RouteProtocol.WEBSOCKET)))),
                        Policy.OBSERVE, ProxyConfig.DEFAULT_BODY_LIMIT, Duration.ofSeconds(120), Duration.ofSeconds(30),
                        Duration.ofSeconds(10), dir, true);
            } else {
                WinrmServer server = new WinrmServer(new WinrmServerOptions().host("127.0.0.1").port(0).maxShells(100_000));
                server.start(serverVertx).await(30, TimeUnit.SECONDS);
                upstreamPort = server.port();
                path = WinrmServer.PATH;
                config = ProxyConfig.single("127.0.0.1", 0, URI.create("http://127.0.0.1:" + upstreamPort), Policy.OBSERVE, dir);
            }
            TapdeckProxy proxy = new TapdeckProxy(config, sink);
            proxyVertx.deployVerticle(proxy).await(30, TimeUnit.SECONDS);
            Load load = wsSize > 0 ? (uri, window) -> WsEchoLoad.run(clientVertx, uri, connections, wsSize, window)
                    : (uri, window) -> WinrmShells.run(clientVertx, uri, connections, shape, window);
            Map<String, URI> paths = new LinkedHashMap<>();
            paths.put("direct", URI.create("http://127.0.0.1:" + upstreamPort + path));
            paths.put(record ? "tapdeck-record" : "tapdeck", URI.create("http://127.0.0.1:" + proxy.port("main") + path));
            int idle = Args.integer(args, "--ws-idle", 0);
            if (idle > 0) {
                long direct = idleHeap(clientVertx, paths.get("direct"), idle);
                long proxied = idleHeap(clientVertx, paths.values().stream().skip(1).findFirst().orElseThrow(), idle);
                System.out.printf(Locale.ROOT, "%d idle WebSockets: direct %.1f KiB each, through the proxy %.1f KiB each: "
                        + "the proxy holds %.1f KiB per idle connection%n", idle, direct / 1024.0 / idle,
                        proxied / 1024.0 / idle, (proxied - direct) / 1024.0 / idle);
                return;
            }
            Map<String, Cell> cells = new LinkedHashMap<>();
            Map<String, Long> proxyCpu = new LinkedHashMap<>();
            paths.keySet().forEach(p -> cells.put(p, new Cell()));
            System.out.printf(Locale.ROOT, "%d connection(s), %d round(s) of %d s per path after a %d s warm-up each%n",
                    connections, rounds, seconds, seconds);
            for (URI endpoint : paths.values()) {
                measure(load, endpoint, seconds);
            }
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<String, URI> p : paths.entrySet()) {
                    Measured m = measure(load, p.getValue(), seconds);
                    m.addTo(cells.get(p.getKey()));
                    proxyCpu.merge(p.getKey(), m.proxyCpuNanos(), Long::sum);
                }
            }
            System.out.println("| path | exchanges/s | p50 µs | p99 µs | JVM CPU µs per exchange | proxy CPU µs per exchange | failed |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            cells.forEach((name, c) -> System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %s | %d |%n", name,
                    c.perSecond(), c.p50Micros(), c.p99Micros(), perExchange(c.cpuTicks, c.count),
                    name.equals("direct") ? "–" : String.format(Locale.ROOT, "%.0f", perExchange(proxyCpu.get(name), c.count)),
                    c.failures));
        } finally {
            clientVertx.close().await(30, TimeUnit.SECONDS);
            proxyVertx.close().await(30, TimeUnit.SECONDS);
            serverVertx.close().await(30, TimeUnit.SECONDS);
            sink.close();
        }
    }

    /** One window on one path; the CPU figure (in ns, in {@code cpuTicks}) is the whole JVM's. */
    private record Measured(Window window, long nanos, long cpuNanos, long proxyCpuNanos) {
        void addTo(Cell cell) {
            cell.add(window, nanos, cpuNanos);
        }
    }

    /** Heap retained (after GC) by {@code n} idle WebSockets to {@code endpoint}, held open while it is read. */
    private static long idleHeap(Vertx vertx, URI endpoint, int n) throws Exception {
        long before = heapAfterGc();
        try (IdleWebSockets idle = new IdleWebSockets(vertx)) {
            int open = idle.openUntil(endpoint, n);
            Thread.sleep(500);
            long after = heapAfterGc();
            if (open != n) {
                throw new IllegalStateException(idle.failed() + " of " + n + " idle WebSockets failed to open");
            }
            if (Boolean.getBoolean("tapdeck.hold")) {
                System.out.println("holding " + n + " idle WebSockets to " + endpoint + " for 20 s (jcmd GC.class_histogram)");
                Thread.sleep(20_000);
            }
            return after - before;
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Starts the load on one path. */
    private interface Load {
        Future<Void> run(URI endpoint, Window window);
    }

    private static Measured measure(Load loadOf, URI endpoint, int seconds) throws Exception {
        Window window = new Window();
        Future<Void> load = loadOf.run(endpoint, window);
        Thread.sleep(200);
        long cpu = processCpuNanos();
        long proxyCpu = proxyCpuNanos();
        long start = System.nanoTime();
        window.open();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        window.close();
        long nanos = System.nanoTime() - start;
        long cpuUsed = processCpuNanos() - cpu;
        long proxyCpuUsed = proxyCpuNanos() - proxyCpu;
        window.stop();
        load.await(120, TimeUnit.SECONDS);
        return new Measured(window, nanos, cpuUsed, proxyCpuUsed);
    }

    private static double perExchange(long cpuNanos, long count) {
        return count == 0 ? 0 : cpuNanos / 1e3 / count;
    }

    /** The proxy's event loop(s) and the recorder's writer thread. */
    private static long proxyCpuNanos() {
        long sum = 0;
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null && (PROXY_THREADS.contains(t.getThreadId()) || t.getThreadName().startsWith("tapdeck-recorder"))) {
                sum += Math.max(0, THREADS.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
