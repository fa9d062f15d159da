package dev.tapdeck.replay;

import dev.tapdeck.protocol.ws.WsEvent;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What a WebSocket client sent, as compared in a replay: a whole data message (inflated when compressed) or
 * a control frame. Masks and fragmentation do not matter (RFC 6455 5.3, 5.4: intermediaries may re-fragment).
 *
 * @param kind TEXT, BINARY, PING, PONG or CLOSE
 * @param data message bytes, control payload, or for CLOSE the code and reason as text
 */
public record WsUnit(String kind, byte[] data) {

    /** The unit an event completes, null for events that complete none. */
    static WsUnit of(WsEvent e) {
        if (e instanceof WsEvent.MessageAssembled m) {
            return new WsUnit(m.type().name(), m.data().bytes());
        }
        if (e instanceof WsEvent.PingReceived p) {
            return new WsUnit("PING", p.payload().bytes());
        }
        if (e instanceof WsEvent.PongReceived p) {
            return new WsUnit("PONG", p.payload().bytes());
        }
        if (e instanceof WsEvent.CloseReceived c) {
            String s = (c.code().isPresent() ? c.code().getAsInt() + " " : "") + c.reason();
            return new WsUnit("CLOSE", s.getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    public boolean sameAs(WsUnit other) {
        return kind.equals(other.kind) && Arrays.equals(data, other.data);
    }

    /** For reports: text as text (first 200 characters), binary as hex (first 64 bytes). */
    public String describe() {
        if ("BINARY".equals(kind)) {
            return kind + " " + data.length + " bytes " + HexFormat.of().formatHex(data, 0, Math.min(64, data.length));
        }
        String s = new String(data, StandardCharsets.UTF_8);
        return kind + " \"" + (s.length() > 200 ? s.substring(0, 200) + "…" : s) + "\"";
    }
}
