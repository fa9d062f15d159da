package dev.tapdeck.protocol.ws;

/** Which way the bytes of one TCP leg flow; it decides the masking rule (RFC 6455 5.1). */
public enum Direction {
    CLIENT_TO_SERVER("client-to-server"),
    SERVER_TO_CLIENT("server-to-client");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    public Direction opposite() {
        return this == CLIENT_TO_SERVER ? SERVER_TO_CLIENT : CLIENT_TO_SERVER;
    }

    /** RFC 6455 5.1: a client masks every frame, a server masks none. */
    public boolean mustMask() {
        return this == CLIENT_TO_SERVER;
    }

    @Override
    public String toString() {
        return label;
    }
}
