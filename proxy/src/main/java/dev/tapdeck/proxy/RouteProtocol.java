package dev.tapdeck.proxy;

import java.net.URI;
import java.util.Locale;

/** What a route carries, which decides the relay and the tap it gets. */
public enum RouteProtocol {
    /** WS-Management over HTTP (WinRM Shell and PSRP). */
    WINRM,
    /** RFC 6455 WebSocket: the handshake relayed unchanged, then both TCP connections joined byte for byte. */
    WEBSOCKET;

    public static RouteProtocol parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    /** The protocol an upstream URL implies: ws:// and wss:// are WebSocket, anything else WinRM. */
    public static RouteProtocol ofUpstream(URI upstream) {
        String scheme = upstream.getScheme() == null ? "" : upstream.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("ws") || scheme.equals("wss") ? WEBSOCKET : WINRM;
    }
}
