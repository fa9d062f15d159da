package dev.tapdeck.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Whether the soak's samples stay flat: after the warm-up (the first sixth of the samples, at least one), the
 * average of the last third must not exceed the average of the first third by more than 20%, plus a small
 * absolute slack so that a quiet run's noise (a few MiB of heap, a connection in flight) is not a trend.
 */
final class SoakTrend {
    static final double MAX_GROWTH = 0.20;
    static final double HEAP_SLACK_BYTES = 8 << 20;
    static final double COUNT_SLACK = 2;

    /**
     * One sample: seconds since the start, heap used after a full GC, client sessions open (from the proxy's
     * events), client and upstream connections (its {@code stats()}), the JVM's sockets, shells in the tap.
     */
    record Sample(double seconds, long heapBytes, long sessions, long clients, long upstreams, long sockets, long shells) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "t=%6.0f s  heap %7.1f MiB  sessions %3d  client conns %3d  upstream conns %3d"
                    + "  sockets %3d  shells %3d", seconds, heapBytes / 1048576.0, sessions, clients, upstreams, sockets, shells);
        }
    }

    private final List<Sample> samples = new ArrayList<>();

    void add(Sample s) {
        samples.add(s);
    }

    /** What trended up, one sentence each; empty when everything stayed flat. */
    List<String> problems() {
        List<Sample> steady = samples.subList(Math.max(1, samples.size() / 6), samples.size());
        if (steady.size() < 3) {
            return List.of("only " + steady.size() + " samples after the warm-up: run longer or sample more often");
        }
        List<String> problems = new ArrayList<>();
        check(steady, "heap after GC (bytes)", Sample::heapBytes, HEAP_SLACK_BYTES, problems);
        check(steady, "open client sessions", Sample::sessions, COUNT_SLACK, problems);
        check(steady, "client connections", Sample::clients, COUNT_SLACK, problems);
        check(steady, "upstream connections", Sample::upstreams, COUNT_SLACK, problems);
        check(steady, "open sockets", Sample::sockets, COUNT_SLACK, problems);
        check(steady, "shells in the tap", Sample::shells, COUNT_SLACK, problems);
        return problems;
    }

    private static void check(List<Sample> steady, String what, ToDoubleFunction<Sample> value, double slack, List<String> out) {
        int third = steady.size() / 3;
        double first = steady.subList(0, third).stream().mapToDouble(value).average().orElse(0);
        double last = steady.subList(steady.size() - third, steady.size()).stream().mapToDouble(value).average().orElse(0);
        if (last > first * (1 + MAX_GROWTH) + slack) {
            out.add(String.format(Locale.ROOT, "%s trended up: last third averages %.0f, first third %.0f (limit +%.0f%% + %.0f)",
                    what, last, first, MAX_GROWTH * 100, slack));
        }
    }

    /** Heap in use after a full collection (System.gc twice: what survives is what is held). */
    static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Sockets this JVM holds open (Linux: /proc/self/fd links to "socket:[...]"); -1 where there is no /proc. */
    static long openSockets() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException gone) {
                    return false; // closed while listing
                }
            }).count();
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }
}
