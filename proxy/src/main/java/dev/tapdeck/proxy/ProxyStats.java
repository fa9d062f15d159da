package dev.tapdeck.proxy;

/**
 * What the proxy holds at one moment (design principle 6: bounded everything, and a test can check that
 * a fault leaks nothing: every figure returns to zero once the clients are gone).
 *
 * @param clientConnections   client TCP connections accepted and not yet closed
 * @param upstreamConnections connections to upstreams opened and not yet closed
 * @param exchangesInFlight   WinRM requests and WebSocket handshakes received and not yet answered
 * @param bufferedBytes       body bytes held for decoding (request and response bodies of exchanges in flight)
 * @param webSocketTunnels    WebSockets relayed after their 101, not yet closed on both sides
 * @param heldSends           Sends held behind an earlier one to the same target (serialize mode, plug-ins)
 */
public record ProxyStats(int clientConnections, int upstreamConnections, int exchangesInFlight, long bufferedBytes,
                         int webSocketTunnels, int heldSends) {

    /** True when nothing is held any more: no connection, exchange, buffer, tunnel or held Send. */
    public boolean idle() {
        return clientConnections == 0 && upstreamConnections == 0 && exchangesInFlight == 0 && bufferedBytes == 0
                && webSocketTunnels == 0 && heldSends == 0;
    }
}
