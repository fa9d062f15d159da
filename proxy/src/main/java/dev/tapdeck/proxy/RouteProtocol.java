package dev.tapdeck.proxy;

import java.util.Locale;

/** What a route carries, which decides the tap it gets. */
public enum RouteProtocol {
    /** WS-Management over HTTP (WinRM Shell and PSRP). */
    WINRM,
    /** RFC 6455 WebSocket (relay lands with the WebSocket issue). */
    WEBSOCKET;

    public static RouteProtocol parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
