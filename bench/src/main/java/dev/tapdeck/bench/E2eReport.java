package dev.tapdeck.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown of an {@link E2eBench} run: one table per workload, the idle-connection memory, and the ratios
 * of Tapdeck (observe, recording on) to direct, nginx and mitmdump next to issue 11's targets.
 */
final class E2eReport {
    static final String TAPDECK = "tapdeck-record";

    private final List<BenchPath> paths;
    private final List<Workload> workloads;
    private final Map<Workload, Map<String, Cell>> cells;
    private final Map<String, Map<Integer, long[]>> idle;
    private final int clockTicks;
    private final StringBuilder out = new StringBuilder();

    E2eReport(List<BenchPath> paths, List<Workload> workloads, Map<Workload, Map<String, Cell>> cells,
              Map<String, Map<Integer, long[]>> idle, int clockTicks) {
        this.paths = paths;
        this.workloads = workloads;
        this.cells = cells;
        this.idle = idle;
        this.clockTicks = clockTicks;
    }

    String markdown() {
        for (Workload w : workloads) {
            table(w);
        }
        idleTable();
        ratios();
        return out.toString();
    }

    private void table(Workload w) {
        Map<String, Cell> row = cells.get(w);
        line("### %s", w.title());
        line("");
        if (w.winrm()) {
            Cell any = row.values().stream().filter(c -> c.count > 0).findFirst().orElse(new Cell());
            line("Per exchange: %d B request, %d B response on average (%s, %d Sends of %d B stdin per shell).",
                    any.count == 0 ? 0 : any.requestBytes / any.count, any.count == 0 ? 0 : any.responseBytes / any.count,
                    w.shape().command(), w.shape().sends(), w.shape().stdinBytes());
            line("");
            line("| path | exchanges/s | p50 µs | p99 µs | proxy CPU s per 1,000 | proxy peak RSS MB | failed |");
            line("|---|---:|---:|---:|---:|---:|---:|");
        } else {
            line("| path | messages/s | MB/s | p50 µs | p99 µs | proxy CPU s per 1,000 | proxy peak RSS MB | failed |");
            line("|---|---:|---:|---:|---:|---:|---:|---:|");
        }
        for (BenchPath p : paths) {
            Cell c = row.get(p.name());
            if (c == null) {
                line("| %s | skipped: %s |", p.name(), p.skipped());
                continue;
            }
            String cpu = p.proxied() ? fmt("%.3f", c.cpuSecondsPerThousand(clockTicks)) : "–";
            String rss = p.proxied() ? fmt("%d", c.peakRssKb / 1024) : "–";
            if (w.winrm()) {
                line("| %s | %.0f | %.0f | %.0f | %s | %s | %d |", p.name(), c.perSecond(), c.p50Micros(), c.p99Micros(),
                        cpu, rss, c.failures);
            } else {
                line("| %s | %.0f | %.1f | %.0f | %.0f | %s | %s | %d |", p.name(), c.perSecond(), c.megabytesPerSecond(),
                        c.p50Micros(), c.p99Micros(), cpu, rss, c.failures);
            }
        }
        line("");
    }

    private void idleTable() {
        if (idle.isEmpty()) {
            return;
        }
        line("### Proxy memory with idle WebSocket connections (RSS MB; connections actually open)");
        line("");
        Map<Integer, long[]> first = idle.values().iterator().next();
        StringBuilder head = new StringBuilder("| path |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int count : first.keySet()) {
            head.append(count == 0 ? " none open (after the load) |" : fmt(" %,d |", count));
            rule.append("---:|");
        }
        line("%s", head);
        line("%s", rule);
        for (Map.Entry<String, Map<Integer, long[]>> e : idle.entrySet()) {
            StringBuilder row = new StringBuilder("| " + e.getKey() + " |");
            for (Map.Entry<Integer, long[]> m : e.getValue().entrySet()) {
                long[] v = m.getValue();
                row.append(m.getKey() == 0 ? fmt(" %d |", v[1] / 1024) : fmt(" %d (%,d open) |", v[1] / 1024, v[0]));
            }
            line("%s", row);
        }
        line("");
    }

    private void ratios() {
        line("### Ratios of Tapdeck (observe, recording on) and issue 11's targets");
        line("");
        line("| measure | / direct | / nginx | / mitmdump | target |");
        line("|---|---:|---:|---:|---|");
        for (Workload w : workloads) {
            if (w.winrm() && w.connections() > 1) {
                ratioRow(w, "exchanges/s", Cell::perSecond, "≥ 0.7 × nginx, ≥ 25 × mitmdump (16 connections)");
            } else if (!w.winrm()) {
                boolean small = w.messageBytes() <= 1024;
                ratioRow(w, small ? "messages/s" : "MB/s", small ? Cell::perSecond : Cell::megabytesPerSecond,
                        w.messageBytes() == 1024 ? "≥ 0.8 × nginx" : w.messageBytes() == 65536 ? "≥ 0.7 × nginx" : "");
            }
        }
        line("");
        for (Workload w : workloads) {
            if (w.winrm() && w.connections() == 1) {
                latencyAdded(w);
            }
        }
        Map<Integer, long[]> mem = idle.get(TAPDECK);
        if (mem != null && mem.containsKey(10_000)) {
            long[] v = mem.get(10_000);
            line("- Tapdeck RSS with %,d idle WebSocket connections: %d MB (target: 10,000 in under 512 MB).", v[0],
                    v[1] / 1024);
        }
        line("");
    }

    private void ratioRow(Workload w, String what, java.util.function.ToDoubleFunction<Cell> metric, String target) {
        Map<String, Cell> row = cells.get(w);
        Cell t = row.get(TAPDECK);
        if (t == null) {
            return;
        }
        line("| %s, %s | %s | %s | %s | %s |", w.title(), what, ratio(t, row.get("direct"), metric),
                ratio(t, row.get("nginx"), metric), ratio(t, row.get("mitmdump"), metric), target);
    }

    private void latencyAdded(Workload w) {
        Map<String, Cell> row = cells.get(w);
        Cell direct = row.get("direct");
        Cell t = row.get(TAPDECK);
        Cell nginx = row.get("nginx");
        if (direct == null || t == null) {
            return;
        }
        double tapdeckAdds = t.p50Micros() - direct.p50Micros();
        String vsNginx = nginx == null ? "nginx not measured"
                : fmt("nginx adds %.0f µs: %.1f × nginx", nginx.p50Micros() - direct.p50Micros(),
                        tapdeckAdds / Math.max(1e-9, nginx.p50Micros() - direct.p50Micros()));
        line("- %s: Tapdeck adds %.0f µs to the p50 exchange; %s (target: at most 2 × what nginx adds).", w.title(),
                tapdeckAdds, vsNginx);
    }

    private static String ratio(Cell a, Cell b, java.util.function.ToDoubleFunction<Cell> metric) {
        if (b == null || metric.applyAsDouble(b) == 0) {
            return "–";
        }
        return fmt("%.2f", metric.applyAsDouble(a) / metric.applyAsDouble(b));
    }

    private void line(String format, Object... args) {
        out.append(fmt(format, args)).append('\n');
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
