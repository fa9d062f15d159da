package dev.tapdeck.replay;

import java.util.List;

/**
 * A recording ready to replay: the WinRM exchanges in order, or for a WebSocket session its handshake
 * and the bytes of both directions.
 *
 * @param name      where it came from, for reports
 * @param exchanges HTTP exchanges in recording order (empty for a WebSocket session)
 * @param websocket the WebSocket session, null for HTTP
 */
public record ReplayScript(String name, List<ReplayExchange> exchanges, WsScript websocket) {
    public ReplayScript {
        exchanges = List.copyOf(exchanges);
    }

    public static ReplayScript http(String name, List<ReplayExchange> exchanges) {
        return new ReplayScript(name, exchanges, null);
    }

    public boolean isWebSocket() {
        return websocket != null;
    }

    /** Recorded exchanges (HTTP) or client units (WebSocket) a replay is expected to consume. */
    public int size() {
        return websocket != null ? websocket.clientUnits().size() : exchanges.size();
    }
}
