package dev.tapdeck.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end comparison of issue 11, driven by {@code bench/run.sh}, which starts the upstreams and the
 * proxies and passes each path here. Every workload runs on every path in short interleaved rounds (the start
 * path rotates each round), so a noisy machine slows all paths alike; then, per proxied path, the proxy's
 * memory with idle WebSocket connections. Prints the Markdown tables and ratios on stdout, progress on stderr.
 * <pre>{@code java -cp bench/target/benchmarks.jar dev.tapdeck.bench.E2eBench --rounds 3 --seconds 10 --warmup 5 \
 *     --winrm-connections 16,1 --ws-connections 16 --ws-sizes 1024,65536 --idle 1000,10000 --max-idle 9900 \
 *     --path direct,http://127.0.0.1:5985/wsman,-,ws://127.0.0.1:8080/echo,- --path tapdeck,...,4242,...,4243}</pre>
 */
public final class E2eBench {
    private static final long RAMP_MILLIS = 300;

    private final Vertx vertx = Vertx.vertx();
    private final List<BenchPath> paths = new ArrayList<>();
    private final List<Workload> workloads = new ArrayList<>();
    private final Map<Workload, Map<String, Cell>> cells = new LinkedHashMap<>();
    private final Map<String, Map<Integer, long[]>> idle = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        E2eBench bench = new E2eBench();
        Args.all(args, "--path").forEach(p -> bench.paths.add(BenchPath.parse(p)));
        Args.all(args, "--skip").forEach(p -> bench.paths.add(BenchPath.skip(p)));
        WinrmShells.Shape shape = WinrmShells.Shape.fromArgs(args);
        for (int c : Args.integers(args, "--winrm-connections", "16,1")) {
            bench.workloads.add(new Workload(true, c, 0, shape));
        }
        for (int c : Args.integers(args, "--ws-connections", "16")) {
            for (int size : Args.integers(args, "--ws-sizes", "1024,65536")) {
                bench.workloads.add(new Workload(false, c, size, shape));
            }
        }
        try {
            bench.run(Args.integer(args, "--rounds", 3), Args.integer(args, "--seconds", 10),
                    Args.integer(args, "--warmup", 5), Args.integers(args, "--idle", "1000,10000"),
                    Args.integer(args, "--max-idle", 10_000));
            System.out.print(new E2eReport(bench.paths, bench.workloads, bench.cells, bench.idle,
                    Args.integer(args, "--clk-tck", 100)).markdown());
        } finally {
            bench.vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    private void run(int rounds, int seconds, int warmup, int[] idleCounts, int maxIdle) throws Exception {
        List<BenchPath> running = paths.stream().filter(BenchPath::runs).toList();
        for (Workload w : workloads) {
            Map<String, Cell> row = new LinkedHashMap<>();
            running.forEach(p -> row.put(p.name(), new Cell()));
            cells.put(w, row);
        }
        if (warmup > 0) {
            for (BenchPath p : running) {
                for (Workload w : workloads) {
                    progress("warm-up %s: %s", p.name(), w.title());
                    measure(w, p, warmup);
                }
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (Workload w : workloads) {
                for (int i = 0; i < running.size(); i++) {
                    BenchPath p = running.get((i + r) % running.size());
                    Cell cell = cells.get(w).get(p.name());
                    measure(w, p, seconds).addTo(cell);
                    progress("round %d/%d %s %s: %.0f/s", r + 1, rounds, p.name(), w.title(), cell.perSecond());
                }
            }
        }
        for (Workload w : workloads) {
            running.forEach(p -> cells.get(w).get(p.name()).peakRssKb = ProcStats.of(w.pids(p)).peakRssKb());
        }
        for (BenchPath p : running) {
            if (!p.wsPids().isEmpty() && idleCounts.length > 0) {
                idle.put(p.name(), idleMemory(p, idleCounts, maxIdle));
            }
        }
    }

    private record Measured(Window window, long nanos, long cpuTicks) {
        void addTo(Cell cell) {
            cell.add(window, nanos, cpuTicks);
        }
    }

    private Measured measure(Workload w, BenchPath p, int seconds) throws Exception {
        Window window = new Window();
        Future<Void> load = w.start(vertx, p, window);
        Thread.sleep(RAMP_MILLIS); // connections set up outside the window
        List<Long> pids = w.pids(p);
        ProcStats before = ProcStats.of(pids);
        long start = System.nanoTime();
        window.open();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        window.close();
        long nanos = System.nanoTime() - start;
        ProcStats after = ProcStats.of(pids);
        window.stop();
        load.await(120, TimeUnit.SECONDS);
        return new Measured(window, nanos, after.cpuTicks() - before.cpuTicks());
    }

    /** RSS of the proxy's WebSocket process with no client connection, then with each count open: {open, rssKb}. */
    private Map<Integer, long[]> idleMemory(BenchPath p, int[] counts, int maxIdle) throws Exception {
        Map<Integer, long[]> byCount = new LinkedHashMap<>();
        byCount.put(0, new long[] {0, ProcStats.of(p.wsPids()).rssKb()});
        try (IdleWebSockets sockets = new IdleWebSockets(vertx)) {
            for (int count : counts) {
                int open = sockets.openUntil(p.ws(), Math.min(count, maxIdle));
                Thread.sleep(1000); // let the proxy finish its side of the last handshakes
                long rss = ProcStats.of(p.wsPids()).rssKb();
                byCount.put(count, new long[] {open, rss});
                progress("idle %s: %d WebSocket connections open (%d failed), RSS %d MB", p.name(), open,
                        sockets.failed(), rss / 1024);
            }
        }
        return byCount;
    }

    private static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, format + "%n", args);
    }
}
