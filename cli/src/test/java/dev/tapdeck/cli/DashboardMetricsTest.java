package dev.tapdeck.cli;

import dev.tapdeck.dashboards.Scrape;
import dev.tapdeck.protocol.wsman.CommandState;
import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.wsman.WsmanAction;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.samples.winrm.WsmanRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /metrics} of a proxy started like {@code tapdeck proxy --admin}, scraped after known WinRM traffic through
 * it: every request and response body is counted here as it is sent, and the counters must match.
 */
class DashboardMetricsTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, Integer> sent = new TreeMap<>();
    private long requestBytes;
    private long responseBytes;

    @Test
    void theCountersMatchTheTrafficSent() throws Exception {
        try (DashboardStack stack = new DashboardStack(dir)) {
            WsmanRequests requests = new WsmanRequests(stack.endpoint());
            String shellId = ((WsmanBody.CreateResponse) post(stack, "Create", requests.create(RecordedSessions.id()), 200)).shellId();
            String commandId = ((WsmanBody.CommandResponse) post(stack, "Command",
                    requests.command(RecordedSessions.id(), shellId, "type"), 200)).commandId();
            post(stack, "Send", requests.send(RecordedSessions.id(), shellId, commandId, "one\r\n".getBytes(StandardCharsets.UTF_8), false), 200);
            // a Send without CommandId: WsmanRule.SEND_COMMANDID_MISSING, and the server faults
            post(stack, "Send", requests.envelope(WsmanAction.Send, RecordedSessions.id(), shellId,
                    "<rsp:Send><rsp:Stream Name=\"stdin\">dHdvDQo=</rsp:Stream></rsp:Send>", null).getBytes(StandardCharsets.UTF_8), 500);
            post(stack, "Send", requests.send(RecordedSessions.id(), shellId, commandId, "three\r\n".getBytes(StandardCharsets.UTF_8), true), 200);
            boolean done = false;
            for (int i = 0; i < 20 && !done; i++) {
                WsmanBody.ReceiveResponse r = (WsmanBody.ReceiveResponse) post(stack, "Receive",
                        requests.receive(RecordedSessions.id(), shellId, commandId), 200);
                done = r.commandStates().stream().map(CommandState::shortState).anyMatch("Done"::equals);
            }
            assertTrue(done, "the command reached Done");
            post(stack, "Delete", requests.delete(RecordedSessions.id(), shellId), 200);

            Scrape s = scrapeOnceDeleteIsTimed(stack);
            for (Map.Entry<String, Integer> e : sent.entrySet()) {
                assertEquals(e.getValue().doubleValue(), s.value("tapdeck_exchanges_total", "protocol", "winrm", "operation", e.getKey(),
                        "verdict", "FORWARDED"), e.getKey());
                assertEquals(e.getValue().doubleValue(), s.value("tapdeck_upstream_latency_seconds_count", "protocol", "winrm",
                        "operation", e.getKey()), e.getKey());
            }
            assertEquals(sent.values().stream().mapToInt(Integer::intValue).sum(), s.sum("tapdeck_exchanges_total"));
            assertEquals(requestBytes, s.value("tapdeck_bytes_total", "protocol", "winrm", "direction", "c2s"));
            assertEquals(responseBytes, s.value("tapdeck_bytes_total", "protocol", "winrm", "direction", "s2c"));
            assertEquals(1, s.value("tapdeck_violations_total", "rule", "WsmanRule.SEND_COMMANDID_MISSING", "severity", "VIOLATION"));
            assertEquals(1, s.sum("tapdeck_violations_total"));
            assertEquals(1, s.value("tapdeck_commands_total", "outcome", "Done", "complete", "true"));
            assertEquals(1, s.value("tapdeck_sessions_total", "protocol", "winrm"));
            assertEquals(1, s.value("tapdeck_sessions_active", "protocol", "winrm"), "the client's connection is still open");
            assertEquals(0, s.value("tapdeck_recorder_unavailable"));
        }
    }

    private WsmanBody post(DashboardStack stack, String action, byte[] envelope, int status) throws Exception {
        HttpResponse<byte[]> r = RecordedSessions.send(http, stack.endpoint(), envelope, DashboardStack.USER, DashboardStack.PASSWORD);
        assertEquals(status, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        sent.merge(action, 1, Integer::sum);
        requestBytes += envelope.length;
        responseBytes += r.body().length;
        return ((EnvelopeDecoded.EnvelopeParsed) new EnvelopeReader().read(r.body())).envelope().body();
    }

    /** The response event may reach the sinks just after the client got its bytes: wait for the last one. */
    private static Scrape scrapeOnceDeleteIsTimed(DashboardStack stack) throws Exception {
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> r = stack.get("/metrics");
            assertEquals(200, r.statusCode());
            Scrape s = new Scrape(r.body());
            if (s.sum("tapdeck_upstream_latency_seconds_count", "operation", "Delete") == 1) {
                return s;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the Delete's response never reached the metrics");
    }
}
