package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.ws.BufferType;
import dev.tapdeck.protocol.ws.MessageType;
import dev.tapdeck.protocol.ws.WsRule;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.HttpHead;
import dev.tapdeck.recorder.TapEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class WsConsoleLinesTest {
    private static final String ID = "0123456789";
    private static final String P = "    1.500 01234567 ";

    @Test
    void messagesShowTextOrSizeAndHex() {
        assertEquals(P + "ws -> text 12 B \"say \\\"hi\\\"\\u000a☃\"", ConsoleSink.format(new TapEvent.WsMessageAssembled(
                ID, 3, 1_500_000_000L, Direction.CLIENT_TO_SERVER, 0, MessageType.TEXT, false, 12, "say \"hi\"\n☃", null, false)));
        assertEquals(P + "ws <- binary 70000 B (deflated) [00010203] ...", ConsoleSink.format(new TapEvent.WsMessageAssembled(
                ID, 4, 1_500_000_000L, Direction.SERVER_TO_CLIENT, 2, MessageType.BINARY, true, 70000, null, "00010203", true)));
    }

    @Test
    void handshakeControlFramesAndEnforcement() {
        HttpHead req = HttpHead.request("GET", "/chat", "HTTP/1.1", List.of(Map.entry("Upgrade", "websocket")));
        HttpHead resp = HttpHead.response(101, "HTTP/1.1", List.of());
        assertEquals(P + "#1 GET /chat -> HTTP 101 websocket, subprotocol chat, extensions permessage-deflate",
                ConsoleSink.format(new TapEvent.WsHandshakeRelayed(ID, 1, 1_500_000_000L, 1, req, resp, new byte[0], true,
                        "chat", List.of("permessage-deflate"), List.of(), TapEvent.Verdict.FORWARDED)));
        assertEquals(P + "ws <- pong 4 B (PING_PONG)", ConsoleSink.format(new TapEvent.WsFrameDecoded(ID, 5, 1_500_000_000L,
                Direction.SERVER_TO_CLIENT, 3, 40, true, 0, 0xA, false, 4, BufferType.PING_PONG)));
        assertNull(ConsoleSink.format(new TapEvent.WsFrameDecoded(ID, 6, 1_500_000_000L, Direction.SERVER_TO_CLIENT,
                4, 50, true, 0, 0x1, false, 4, BufferType.UTF8_MESSAGE)), "data frames are shown as messages");
        assertEquals(P + "ws -> close 1000 \"bye\"", ConsoleSink.format(new TapEvent.WsCloseReceived(ID, 7, 1_500_000_000L,
                Direction.CLIENT_TO_SERVER, 5, 1000, "bye")));
        Violation v = new Violation(WsRule.UNMASKED_CLIENT_FRAME, "client-to-server frame 6", "MASK bit is 0");
        assertEquals(P + "[ENFORCED] WsRule.UNMASKED_CLIENT_FRAME from the client: server got Close 1002, client got Close 1002",
                ConsoleSink.format(new TapEvent.WsPolicyEnforced(ID, 8, 1_500_000_000L, Direction.CLIENT_TO_SERVER, v, 1002,
                        TapEvent.WsOutcome.CLOSE_SENT, TapEvent.WsOutcome.CLOSE_SENT, new byte[0], new byte[0])));
        assertEquals(P + "ws -> !! " + v + " [enforced]", ConsoleSink.format(new TapEvent.WsViolationFound(ID, 9,
                1_500_000_000L, Direction.CLIENT_TO_SERVER, 6, 60, 61, v, true)));
    }
}
