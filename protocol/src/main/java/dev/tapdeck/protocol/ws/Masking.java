package dev.tapdeck.protocol.ws;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * RFC 6455 5.3 masking: octet i of the payload is XORed with octet (i mod 4) of the masking key.
 * Eight bytes are processed at a time through a long made of the key rotated to the payload position,
 * because unmasking runs over every byte a client sends.
 */
public final class Masking {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Masking() {
    }

    /**
     * Copies {@code len} bytes from {@code src} to {@code dst} (which may be the same array at the same
     * offset) and unmasks them.
     *
     * @param maskKey         the key as its 4 wire bytes read big-endian
     * @param payloadPosition position of {@code src[srcOff]} within the frame payload
     */
    public static void unmask(byte[] src, int srcOff, byte[] dst, int dstOff, int len, int maskKey, long payloadPosition) {
        // little-endian lanes: key octet 0 must sit in the lowest byte, then rotate to the payload phase
        int rotated = Integer.rotateRight(Integer.reverseBytes(maskKey), 8 * (int) (payloadPosition & 3));
        long lanes = (rotated & 0xFFFFFFFFL) | ((long) rotated << 32);
        int i = 0;
        for (int whole = len & ~7; i < whole; i += 8) {
            LONGS.set(dst, dstOff + i, (long) LONGS.get(src, srcOff + i) ^ lanes);
        }
        for (; i < len; i++) {
            dst[dstOff + i] = (byte) (src[srcOff + i] ^ (rotated >>> (8 * (i & 3))));
        }
    }
}
