package dev.tapdeck.protocol.ws;

import java.util.List;

/**
 * One element of a Sec-WebSocket-Extensions list (RFC 6455 9.1): a name and its parameters, in order.
 */
public record Extension(String name, List<Param> params) {
    public Extension {
        params = List.copyOf(params);
    }

    /** {@code value} is null for a parameter without "=" and is the unescaped text of a quoted string. */
    public record Param(String name, String value) {
        @Override
        public String toString() {
            return value == null ? name : name + "=" + value;
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name);
        params.forEach(p -> s.append("; ").append(p));
        return s.toString();
    }
}
