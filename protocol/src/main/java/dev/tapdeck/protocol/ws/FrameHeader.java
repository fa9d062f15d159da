package dev.tapdeck.protocol.ws;

/**
 * The fixed part of one frame (RFC 6455 5.2), as read from the wire, reserved values included.
 *
 * @param payloadLength the length as encoded; negative when a 64-bit length has its most significant
 *                      bit set (FR-9), which is never used to size anything
 * @param maskKey       the masking key as the 4 wire bytes read big-endian; 0 when {@code masked} is false
 * @param headerLength  2 to 14 bytes: base, extended length, masking key
 */
public record FrameHeader(boolean fin, boolean rsv1, boolean rsv2, boolean rsv3, int opcode, boolean masked,
                          int maskKey, long payloadLength, int headerLength) {

    public static final int MAX_LENGTH = 14;

    /** Header length implied by the second byte (RFC 6455 5.2: 7-bit length code 126/127, MASK bit). */
    public static int lengthFromSecondByte(int b1) {
        int code = b1 & 0x7F;
        int extended = code == 126 ? 2 : code == 127 ? 8 : 0;
        return 2 + extended + ((b1 & 0x80) != 0 ? 4 : 0);
    }

    /** Parses a complete header held in {@code h[0..lengthFromSecondByte(h[1]))}. */
    public static FrameHeader parse(byte[] h) {
        int b0 = h[0] & 0xFF;
        int b1 = h[1] & 0xFF;
        int code = b1 & 0x7F;
        boolean masked = (b1 & 0x80) != 0;
        int pos = 2;
        long length = code;
        if (code == 126) {
            length = ((h[2] & 0xFFL) << 8) | (h[3] & 0xFFL);
            pos = 4;
        } else if (code == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (h[i] & 0xFFL);
            }
            pos = 10;
        }
        int key = 0;
        if (masked) {
            key = ((h[pos] & 0xFF) << 24) | ((h[pos + 1] & 0xFF) << 16) | ((h[pos + 2] & 0xFF) << 8) | (h[pos + 3] & 0xFF);
            pos += 4;
        }
        return new FrameHeader((b0 & 0x80) != 0, (b0 & 0x40) != 0, (b0 & 0x20) != 0, (b0 & 0x10) != 0,
                b0 & 0x0F, masked, key, length, pos);
    }

    /** How many extended-length bytes were used: 0, 2 or 8. */
    public int extendedLengthBytes() {
        return headerLength - 2 - (masked ? 4 : 0);
    }

    public boolean control() {
        return Opcode.isControl(opcode);
    }

    @Override
    public String toString() {
        return Opcode.name(opcode) + (fin ? " fin" : "") + (rsv1 ? " rsv1" : "") + (rsv2 ? " rsv2" : "")
                + (rsv3 ? " rsv3" : "") + (masked ? String.format(" mask=%08x", maskKey) : "")
                + " len=" + payloadLength + " hdr=" + headerLength;
    }
}
