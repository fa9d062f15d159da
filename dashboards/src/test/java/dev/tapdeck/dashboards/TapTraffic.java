package dev.tapdeck.dashboards;

import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.rules.WsmanRule;
import dev.tapdeck.protocol.session.AuditRecord;
import dev.tapdeck.protocol.session.Requester;
import dev.tapdeck.protocol.ws.BufferType;
import dev.tapdeck.protocol.ws.MessageType;
import dev.tapdeck.protocol.ws.Opcode;
import dev.tapdeck.protocol.ws.WsRule;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.HttpHead;
import dev.tapdeck.recorder.TapEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Event streams as the proxy emits them, with known sizes and time offsets, for the tests of the metrics,
 * the store and the API (the end-to-end tests with real clients are in the cli module).
 */
final class TapTraffic {
    static final String WINRM = "winrm-session-1";
    static final String WS = "ws-session-1";
    static final String USER = "auditor";

    private TapTraffic() {
    }

    /** A WS-Man request body of {@code n} bytes (only its size matters here). */
    static byte[] body(int n) {
        return "x".repeat(n).getBytes(StandardCharsets.US_ASCII);
    }

    static Map<String, Object> decoded(String action, List<Map<String, Object>> psrp) {
        return Map.of("bodyKind", "SOAP", "envelope", Map.of("header", Map.of("action", action,
                "resourceUri", "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd"), "body", Map.of()),
                "psrpMessages", psrp, "problems", List.of());
    }

    static TapEvent.HttpMessageCaptured request(String session, long seq, long t, int exchange, String action, int bytes,
                                                List<Violation> violations) {
        HttpHead head = HttpHead.request("POST", "/wsman", "HTTP/1.1",
                List.of(Map.entry("Authorization", "Basic user=" + USER + " <redacted 20 chars>")));
        return new TapEvent.HttpMessageCaptured(session, seq, t, exchange, Direction.CLIENT_TO_SERVER, head, body(bytes),
                decoded(action, List.of()), violations, TapEvent.Verdict.FORWARDED);
    }

    static TapEvent.HttpMessageCaptured response(String session, long seq, long t, int exchange, String action, int bytes) {
        return new TapEvent.HttpMessageCaptured(session, seq, t, exchange, Direction.SERVER_TO_CLIENT,
                HttpHead.response(200, "HTTP/1.1", List.of()), body(bytes), decoded(action, action.equals("ReceiveResponse")
                ? List.of(Map.of("type", "PIPELINE_OUTPUT", "destination", 1)) : List.of()), List.of(), TapEvent.Verdict.FORWARDED);
    }

    /**
     * A cmd shell: Create (3 ms), Command (2 ms), two Sends (4 ms and 40 ms; the second without CommandId),
     * a Receive (120 ms), the audit record, a failed Delete, a plug-in decision, the end.
     * Request bodies: 100 + 200 + 300 + 400 + 500 + 600 = 2100 bytes; responses 50 each but the Receive's 1000.
     */
    static List<TapEvent> winrm() {
        Violation missing = new Violation(WsmanRule.SEND_COMMANDID_MISSING, "Send", "stream 'stdin' has no CommandId");
        List<TapEvent> e = new ArrayList<>();
        e.add(new TapEvent.SessionStarted(WINRM, 0, 0, "winrm", "main", "10.0.0.5:50000", "http://winhost:5985",
                1_700_000_000_000L, "test", true));
        e.add(request(WINRM, 1, 1_000_000, 1, "Create", 100, List.of()));
        e.add(response(WINRM, 2, 4_000_000, 1, "CreateResponse", 50));
        e.add(request(WINRM, 3, 10_000_000, 2, "Command", 200, List.of()));
        e.add(response(WINRM, 4, 12_000_000, 2, "CommandResponse", 50));
        e.add(request(WINRM, 5, 20_000_000, 3, "Send", 300, List.of()));
        e.add(response(WINRM, 6, 24_000_000, 3, "SendResponse", 50));
        e.add(request(WINRM, 7, 30_000_000, 4, "Send", 400, List.of(missing)));
        e.add(response(WINRM, 8, 70_000_000, 4, "Fault", 50));
        e.add(request(WINRM, 9, 80_000_000, 5, "Receive", 500, List.of()));
        e.add(response(WINRM, 10, 200_000_000, 5, "ReceiveResponse", 1000));
        e.add(new TapEvent.CommandAudited(WINRM, 11, 200_000_001, 1_700_000_000_200L, "http://winhost:5985", audit()));
        e.add(request(WINRM, 12, 210_000_000, 6, "Delete", 600, List.of()));
        e.add(new TapEvent.TransportFailed(WINRM, 13, 215_000_000, 6, "upstream-failed", "connection reset"));
        e.add(new TapEvent.PluginDecided(WINRM, 14, 216_000_000, 6, "deny-list", "Delete", TapEvent.PluginOutcome.PASSED,
                null, null, 1000));
        e.add(new TapEvent.SessionEnded(WINRM, 15, 220_000_000, "client closed the connection", 6, 2100, 1250));
        return e;
    }

    static AuditRecord audit() {
        return new AuditRecord(AuditRecord.Kind.WINRS_COMMAND, "SHELL-1", "CMD-1", null,
                "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd", "cmd", new Requester("10.0.0.5:50000", USER),
                List.of(), null, "=cmd|calc", List.of("/c", "dir"),
                new AuditRecord.Input(1, 7, List.of(), true, "hello\r\n", "abc"), List.of(), List.of(),
                new AuditRecord.Outcome("Done", 0L, List.of()), true, null);
    }

    /** A WebSocket: the upgrade, a masked text frame and its echo, a client frame breaking a rule, the end. */
    static List<TapEvent> webSocket() {
        Violation reserved = new Violation(WsRule.values()[0], "frame 1", "test violation");
        HttpHead req = HttpHead.request("GET", "/chat", "HTTP/1.1", List.of(Map.entry("Upgrade", "websocket")));
        HttpHead res = HttpHead.response(101, "HTTP/1.1", List.of(Map.entry("Upgrade", "websocket")));
        List<TapEvent> e = new ArrayList<>();
        e.add(new TapEvent.SessionStarted(WS, 0, 0, "websocket", "main", "10.0.0.6:40000", "ws://echo:80",
                1_700_000_001_000L, "test", true));
        e.add(new TapEvent.WsHandshakeRelayed(WS, 1, 1_000_000, 1, req, res, new byte[0], true, null, List.of(), List.of(),
                TapEvent.Verdict.FORWARDED));
        e.add(new TapEvent.WsChunkRelayed(WS, 2, 2_000_000, Direction.CLIENT_TO_SERVER, 0, new byte[11], 11));
        e.add(new TapEvent.WsFrameDecoded(WS, 3, 2_000_001, Direction.CLIENT_TO_SERVER, 0, 0, true, 0, Opcode.TEXT, true, 5,
                BufferType.UTF8_MESSAGE));
        e.add(new TapEvent.WsMessageAssembled(WS, 4, 2_000_002, Direction.CLIENT_TO_SERVER, 0, MessageType.TEXT, false, 5,
                "hello", null, false));
        e.add(new TapEvent.WsChunkRelayed(WS, 5, 3_000_000, Direction.SERVER_TO_CLIENT, 0, new byte[7], 7));
        e.add(new TapEvent.WsFrameDecoded(WS, 6, 3_000_001, Direction.SERVER_TO_CLIENT, 0, 0, true, 0, Opcode.TEXT, false, 5,
                BufferType.UTF8_MESSAGE));
        e.add(new TapEvent.WsFrameDecoded(WS, 7, 4_000_000, Direction.CLIENT_TO_SERVER, 1, 11, true, 0, Opcode.PING, true, 0,
                BufferType.PING_PONG));
        e.add(new TapEvent.WsViolationFound(WS, 8, 4_000_001, Direction.CLIENT_TO_SERVER, 1, 11, 12, reserved, false));
        e.add(new TapEvent.SessionEnded(WS, 9, 5_000_000, "client closed the connection", 1, 11, 7));
        return e;
    }
}
