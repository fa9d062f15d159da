package dev.tapdeck.protocol.ws;

/**
 * Writes one well-formed frame (RFC 6455 5.2): minimal length encoding, and masked with the given key
 * when it goes from client to server (5.3). Callers that need reproducible bytes (imports, replays)
 * pass a key from an injected source rather than a random one (design principle 5).
 */
public final class FrameEncoder {
    private FrameEncoder() {
    }

    /**
     * @param rsv     RSV1..3 as 4/2/1 (RSV1 marks a permessage-deflate message, RFC 7692 6)
     * @param masked  whether to mask (a client's frames must be, a server's must not: RFC 6455 5.1)
     * @param maskKey the 4 key bytes read big-endian, used when {@code masked}
     */
    public static byte[] encode(boolean fin, int rsv, int opcode, boolean masked, int maskKey, byte[] payload) {
        int len = payload.length;
        int extended = len > 65535 ? 8 : len > 125 ? 2 : 0;
        int headerLength = 2 + extended + (masked ? 4 : 0);
        byte[] frame = new byte[headerLength + len];
        frame[0] = (byte) ((fin ? 0x80 : 0) | (rsv & 7) << 4 | (opcode & 0x0F));
        int maskBit = masked ? 0x80 : 0;
        if (extended == 0) {
            frame[1] = (byte) (maskBit | len);
        } else if (extended == 2) {
            frame[1] = (byte) (maskBit | 126);
            frame[2] = (byte) (len >>> 8);
            frame[3] = (byte) len;
        } else {
            frame[1] = (byte) (maskBit | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) len >>> (56 - 8 * i));
            }
        }
        if (masked) {
            int k = 2 + extended;
            frame[k] = (byte) (maskKey >>> 24);
            frame[k + 1] = (byte) (maskKey >>> 16);
            frame[k + 2] = (byte) (maskKey >>> 8);
            frame[k + 3] = (byte) maskKey;
            // masking is the same XOR as unmasking
            Masking.unmask(payload, 0, frame, headerLength, len, maskKey, 0);
        } else {
            System.arraycopy(payload, 0, frame, headerLength, len);
        }
        return frame;
    }
}
