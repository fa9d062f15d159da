package dev.tapdeck.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapdeck.recorder.RecordingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dashboards/grafana/tapdeck.json parses, imports with a Prometheus data source, and queries only exported metrics. */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("grafana", "tapdeck.json");
    private static final Pattern METRIC = Pattern.compile("\\b(tapdeck_[a-z0-9_]+)");

    @TempDir
    Path dir;

    @Test
    void everyQueriedMetricIsOneThatMetricsExports() throws Exception {
        JsonNode d = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        assertEquals("tapdeck", d.path("uid").asText());
        assertEquals("DS_PROMETHEUS", d.path("__inputs").path(0).path("name").asText(), "imports with a data source to choose");
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : d.path("panels")) {
            assertEquals("${DS_PROMETHEUS}", panel.path("datasource").path("uid").asText(), panel.path("title").asText());
            panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
        }
        assertTrue(exprs.size() >= 10, "panels query the metrics: " + exprs);
        Set<String> queried = new TreeSet<>();
        for (String e : exprs) {
            Matcher m = METRIC.matcher(e);
            boolean any = false;
            while (m.find()) {
                queried.add(m.group(1));
                any = true;
            }
            assertTrue(any, "a query without a Tapdeck metric: " + e);
        }

        DashboardSink sink = new DashboardSink();
        try (RecordingSink recorder = new RecordingSink(dir)) {
            sink.metrics().watch(recorder);
            TapTraffic.winrm().forEach(sink::accept);
            TapTraffic.webSocket().forEach(sink::accept);
            Set<String> exported = new Scrape(sink.metrics().scrape()).names();
            Set<String> missing = new TreeSet<>(queried);
            missing.removeAll(exported);
            assertTrue(missing.isEmpty(), "queried but not exported: " + missing + "; exported: " + exported);
            Set<String> unused = new TreeSet<>();
            for (String name : exported) {
                if (name.startsWith("tapdeck_") && !name.endsWith("_max") && queried.stream().noneMatch(q -> q.equals(name))) {
                    unused.add(name);
                }
            }
            assertFalse(queried.isEmpty());
            assertTrue(unused.isEmpty(), "exported but on no panel: " + unused);
        }
    }
}
