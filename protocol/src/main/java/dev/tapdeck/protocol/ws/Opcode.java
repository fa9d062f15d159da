package dev.tapdeck.protocol.ws;

/** RFC 6455 5.2 opcodes. Frame headers keep the raw 4-bit value, since reserved values must be reported. */
public final class Opcode {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private Opcode() {
    }

    /** RFC 6455 5.5: control frames have the most significant opcode bit set (0x8-0xF). */
    public static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    /** RFC 6455 5.2: 0x3-0x7 and 0xB-0xF are reserved. */
    public static boolean isReserved(int opcode) {
        return (opcode >= 0x3 && opcode <= 0x7) || opcode >= 0xB;
    }

    public static String name(int opcode) {
        switch (opcode) {
            case CONTINUATION: return "continuation";
            case TEXT: return "text";
            case BINARY: return "binary";
            case CLOSE: return "close";
            case PING: return "ping";
            case PONG: return "pong";
            default: return String.format("reserved 0x%X", opcode);
        }
    }
}
