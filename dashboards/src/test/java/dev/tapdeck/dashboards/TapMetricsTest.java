package dev.tapdeck.dashboards;

import dev.tapdeck.recorder.RecordingSink;
import dev.tapdeck.recorder.TapEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TapMetricsTest {
    @TempDir
    Path dir;

    private static Scrape feed(DashboardSink sink, List<TapEvent> events) {
        events.forEach(sink::accept);
        return new Scrape(sink.metrics().scrape());
    }

    @Test
    void exchangesBytesViolationsAndLatencyMatchTheEvents() {
        DashboardSink sink = new DashboardSink();
        Scrape s = feed(sink, TapTraffic.winrm());
        assertEquals(2, s.value("tapdeck_exchanges_total", "protocol", "winrm", "operation", "Send", "verdict", "FORWARDED"));
        assertEquals(1, s.value("tapdeck_exchanges_total", "operation", "Create"));
        assertEquals(6, s.sum("tapdeck_exchanges_total", "protocol", "winrm"));
        assertEquals(2100, s.value("tapdeck_bytes_total", "protocol", "winrm", "direction", "c2s"));
        assertEquals(5 * 50 + 1000 - 50, s.value("tapdeck_bytes_total", "protocol", "winrm", "direction", "s2c"));
        assertEquals(1, s.value("tapdeck_violations_total", "rule", "WsmanRule.SEND_COMMANDID_MISSING", "severity", "VIOLATION"));
        // latency = response offset - request offset: Sends took 4 ms and 40 ms
        assertEquals(2, s.value("tapdeck_upstream_latency_seconds_count", "operation", "Send"));
        assertEquals(0.044, s.value("tapdeck_upstream_latency_seconds_sum", "operation", "Send"), 1e-9);
        assertEquals(1, s.value("tapdeck_upstream_latency_seconds_bucket", "operation", "Send", "le", "0.005"));
        assertEquals(2, s.value("tapdeck_upstream_latency_seconds_bucket", "operation", "Send", "le", "0.05"));
        assertEquals(0.12, s.value("tapdeck_upstream_latency_seconds_sum", "operation", "Receive"), 1e-9);
        // the Delete got no response (a transport failure): not timed
        assertEquals(0, s.sum("tapdeck_upstream_latency_seconds_count", "operation", "Delete"));
        assertEquals(1, s.value("tapdeck_transport_failures_total", "what", "upstream-failed"));
        assertEquals(1, s.value("tapdeck_commands_total", "outcome", "Done", "complete", "true"));
        assertEquals(1, s.value("tapdeck_messages_total", "protocol", "psrp", "type", "PIPELINE_OUTPUT"));
        assertEquals(1, s.value("tapdeck_plugin_decisions_total", "plugin", "deny-list", "outcome", "PASSED"));
        assertEquals(1, s.value("tapdeck_sessions_total", "protocol", "winrm"));
        assertEquals(0, s.value("tapdeck_sessions_active", "protocol", "winrm"));
    }

    @Test
    void activeSessionsAndWebSocketConnectionsCountOnlyOpenOnes() {
        DashboardSink sink = new DashboardSink();
        List<TapEvent> ws = TapTraffic.webSocket();
        Scrape open = feed(sink, ws.subList(0, ws.size() - 1));
        assertEquals(1, open.value("tapdeck_sessions_active", "protocol", "websocket"));
        assertEquals(1, open.value("tapdeck_websocket_connections_active"));
        assertEquals(1, open.value("tapdeck_frames_total", "direction", "c2s", "opcode", "text"));
        assertEquals(1, open.value("tapdeck_frames_total", "direction", "s2c", "opcode", "text"));
        assertEquals(3, open.sum("tapdeck_frames_total"));
        assertEquals(1, open.value("tapdeck_messages_total", "protocol", "websocket", "direction", "c2s", "type", "TEXT"));
        assertEquals(1, open.value("tapdeck_frames_total", "direction", "c2s", "opcode", "ping"));
        assertEquals(11, open.value("tapdeck_bytes_total", "protocol", "websocket", "direction", "c2s"));
        assertEquals(1, open.value("tapdeck_exchanges_total", "protocol", "websocket", "operation", "Upgrade"));
        Scrape closed = feed(sink, ws.subList(ws.size() - 1, ws.size()));
        assertEquals(0, closed.value("tapdeck_sessions_active", "protocol", "websocket"));
        assertEquals(0, closed.value("tapdeck_websocket_connections_active"));
    }

    @Test
    void recorderBacklogAndFailuresAreGauges() {
        DashboardSink sink = new DashboardSink();
        try (RecordingSink recorder = new RecordingSink(dir)) {
            sink.metrics().watch(recorder);
            Scrape s = new Scrape(sink.metrics().scrape());
            assertEquals(0, s.value("tapdeck_recorder_queued_events"));
            assertEquals(0, s.value("tapdeck_recorder_unavailable"));
            assertEquals(0, s.value("tapdeck_recorder_write_failed"));
            assertEquals(0, s.value("tapdeck_recorder_recordings_not_started"));
        }
    }

    @Test
    void labelValuesAreCappedSoAClientCannotGrowTheRegistry() {
        LabelGuard guard = new LabelGuard(3);
        assertEquals("a", guard.of("plugin", "a"));
        assertEquals("b", guard.of("plugin", "b"));
        assertEquals("c", guard.of("plugin", "c"));
        assertEquals(LabelGuard.OTHER, guard.of("plugin", "d"));
        assertEquals("a", guard.of("plugin", "a"));
        assertEquals("d", guard.of("what", "d"));
        assertEquals(LabelGuard.OTHER, guard.of("plugin", null));
        assertEquals("none", new LabelGuard(1).of("plugin", ""));
    }
}
