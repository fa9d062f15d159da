package dev.tapdeck.proxy;

import java.nio.charset.StandardCharsets;

/**
 * The Close frames an enforcing proxy writes (RFC 6455 5.5.1, 7.4.1): unmasked toward the client, masked
 * toward the server, where the proxy speaks as a client (5.1: "a client MUST mask all frames").
 */
final class CloseFrames {
    /** RFC 6455 7.4.1: an endpoint is terminating the connection due to a protocol error. */
    static final int PROTOCOL_ERROR = 1002;
    /** RFC 6455 7.4.1: data within a message was not consistent with its type (invalid UTF-8 in text). */
    static final int INVALID_PAYLOAD = 1007;
    /** RFC 6455 5.5: a control frame carries at most 125 bytes, the code takes 2 of them. */
    static final int MAX_REASON_BYTES = 123;

    private CloseFrames() {
    }

    /** An unmasked Close frame: FIN, opcode 0x8, 2-byte code, reason cut to whole UTF-8 characters. */
    static byte[] unmasked(int code, String reason) {
        return encode(code, reason, false, 0);
    }

    /** A masked Close frame with the 4 key bytes of {@code maskKey}, read big-endian (RFC 6455 5.3). */
    static byte[] masked(int code, String reason, int maskKey) {
        return encode(code, reason, true, maskKey);
    }

    private static byte[] encode(int code, String reason, boolean masked, int maskKey) {
        byte[] text = fit(reason);
        int len = 2 + text.length;
        int header = 2 + (masked ? 4 : 0);
        byte[] frame = new byte[header + len];
        frame[0] = (byte) 0x88;
        frame[1] = (byte) ((masked ? 0x80 : 0) | len);
        int p = header;
        frame[p] = (byte) (code >> 8);
        frame[p + 1] = (byte) code;
        System.arraycopy(text, 0, frame, p + 2, text.length);
        if (masked) {
            byte[] key = {(byte) (maskKey >>> 24), (byte) (maskKey >>> 16), (byte) (maskKey >>> 8), (byte) maskKey};
            System.arraycopy(key, 0, frame, 2, 4);
            for (int i = 0; i < len; i++) {
                frame[p + i] ^= key[i & 3];
            }
        }
        return frame;
    }

    /** The reason as UTF-8, at most 123 bytes, never ending inside a character (5.5.1: valid UTF-8). */
    private static byte[] fit(String reason) {
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        if (b.length <= MAX_REASON_BYTES) {
            return b;
        }
        int end = MAX_REASON_BYTES;
        while (end > 0 && (b[end] & 0xC0) == 0x80) {
            end--; // b[end] continues a character that started before: cut before that character
        }
        return java.util.Arrays.copyOf(b, end);
    }
}
