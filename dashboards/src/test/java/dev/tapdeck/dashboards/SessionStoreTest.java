package dev.tapdeck.dashboards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapdeck.recorder.TapEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionStoreTest {
    private static SessionStore fed(DashboardLimits limits, List<TapEvent> events) {
        SessionStore store = new SessionStore(limits);
        events.forEach(e -> store.add(e.sessionId(), EventLines.line(e, limits.maxBodyBytes())));
        return store;
    }

    @Test
    void theRowSaysWhoWhereHowMuchAndHowManyRuleOccurrences() {
        ObjectNode row = fed(DashboardLimits.DEFAULT, TapTraffic.winrm()).summary(TapTraffic.WINRM, 0);
        assertEquals(TapTraffic.USER, row.path("user").asText());
        assertEquals("cmd", row.path("endpoint").asText());
        assertEquals("/wsman", row.path("path").asText());
        assertEquals("10.0.0.5:50000", row.path("client").asText());
        assertEquals(6, row.path("exchanges").asInt());
        assertEquals(1, row.path("commands").asInt());
        assertEquals(1, row.path("violations").asInt());
        assertEquals(0, row.path("notices").asInt());
        assertEquals(2100, row.path("bytes").path("c2s").asLong());
        assertEquals(220, row.path("durationMillis").asLong());
        assertTrue(row.path("ended").asBoolean());
        assertEquals("WsmanRule.SEND_COMMANDID_MISSING", row.path("rules").path(0).asText());
    }

    @Test
    void onlyTheNewestEventsOfASessionStayInMemory() {
        SessionStore store = fed(DashboardLimits.DEFAULT.withMaxEventsPerSession(4), TapTraffic.winrm());
        SessionStore.Events e = store.events(TapTraffic.WINRM, -1, 100, 0);
        assertEquals(List.of(12L, 13L, 14L, 15L), e.events().stream().map(n -> n.path("seq").asLong()).toList());
        assertEquals(12, e.forgotten());
        assertEquals(6, e.session().path("exchanges").asInt(), "the row still counts everything");
        assertEquals(List.of(15L), store.events(TapTraffic.WINRM, 14, 100, 0).events().stream().map(n -> n.path("seq").asLong()).toList());
    }

    @Test
    void aFinishedSessionIsForgottenBeforeALiveOne() {
        List<TapEvent> ws = TapTraffic.webSocket();
        List<TapEvent> events = new java.util.ArrayList<>(ws.subList(0, 2)); // the WebSocket stays open
        events.addAll(TapTraffic.winrm()); // ended
        events.add(new TapEvent.SessionStarted("third", 0, 0, "winrm", "main", "c", "u", 0, "test", true));
        SessionStore store = fed(DashboardLimits.DEFAULT.withMaxSessions(2), events);
        assertEquals(2, store.size());
        assertNotNull(store.summary(TapTraffic.WS, 0));
        assertNotNull(store.summary("third", 0));
        assertNull(store.summary(TapTraffic.WINRM, 0));
        assertEquals(1, store.sessionsForgotten());
        assertEquals(1, store.audit(r -> true).size(), "audit rows outlive their session in memory");
    }

    @Test
    void bodiesAreCutToTheLimitInMemoryButCountedWhole() {
        DashboardLimits small = new DashboardLimits(10, 100, 30, 10, 10, 10);
        ObjectNode line = EventLines.line(TapTraffic.request("s", 1, 0, 1, "Send", 100, List.of()), small.maxBodyBytes());
        assertEquals(100, line.path("bodyBytes").asLong());
        assertTrue(line.path("bodyTruncated").asBoolean());
        assertEquals(30, java.util.Base64.getDecoder().decode(line.path("body").asText()).length);
        assertEquals(100, EventLines.bytesOf(line, "body"));
    }
}
