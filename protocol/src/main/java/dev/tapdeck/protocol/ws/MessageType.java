package dev.tapdeck.protocol.ws;

/** RFC 6455 5.6: the type of a message is the opcode of its first frame. */
public enum MessageType {
    TEXT,
    BINARY
}
