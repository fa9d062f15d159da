package dev.tapdeck.proxy;

/** A {@code host:port} listen address ({@code [::1]:15985} for IPv6). */
public record HostPort(String host, int port) {
    public static HostPort parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("listen address is empty; expected host:port, e.g. 127.0.0.1:15985");
        }
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("listen address '" + t + "' is not host:port, e.g. 127.0.0.1:15985");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(t.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new HostPort(host, port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port of '" + t + "' is not a number from 0 to 65535");
        }
    }
}
