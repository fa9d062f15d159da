package dev.tapdeck.protocol.ws;

/**
 * The Windows WebSocket Protocol Component's WEB_SOCKET_BUFFER_TYPE that describes a frame (notes §2),
 * so a frame seen on the wire can be compared with what a WebSocketSend / WebSocketReceive call did.
 */
public enum BufferType {
    /** FIN = 1 frame of a text message (unfragmented, or the last fragment). */
    UTF8_MESSAGE(0x80000000),
    /** FIN = 0 frame of a text message. */
    UTF8_FRAGMENT(0x80000001),
    BINARY_MESSAGE(0x80000002),
    BINARY_FRAGMENT(0x80000003),
    CLOSE(0x80000004),
    /** A ping, or a pong that answers an outstanding ping ("when receiving it means pong"). */
    PING_PONG(0x80000005),
    /** A pong that matches no outstanding ping of the other side. */
    UNSOLICITED_PONG(0x80000006);

    private final int value;

    BufferType(int value) {
        this.value = value;
    }

    /** The numeric WEB_SOCKET_BUFFER_TYPE value of websocket.h. */
    public int value() {
        return value;
    }

    static BufferType ofData(MessageType type, boolean fin) {
        if (type == MessageType.TEXT) {
            return fin ? UTF8_MESSAGE : UTF8_FRAGMENT;
        }
        return fin ? BINARY_MESSAGE : BINARY_FRAGMENT;
    }
}
