package dev.tapdeck.protocol.ws;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The 8-bytes-at-a-time unmasking agrees with RFC 6455 5.3 applied byte by byte, at every phase and alignment. */
class MaskingTest {

    @Test
    void agreesWithTheByteWiseDefinition() {
        Random random = new Random(5_3);
        for (int round = 0; round < 2000; round++) {
            int len = random.nextInt(70);
            int srcOff = random.nextInt(9);
            int dstOff = random.nextInt(9);
            long position = random.nextInt(1 << 20);
            int key = random.nextInt();
            byte[] src = new byte[srcOff + len];
            random.nextBytes(src);
            byte[] expected = new byte[dstOff + len];
            byte[] k = {(byte) (key >>> 24), (byte) (key >>> 16), (byte) (key >>> 8), (byte) key};
            for (int i = 0; i < len; i++) {
                expected[dstOff + i] = (byte) (src[srcOff + i] ^ k[(int) ((position + i) % 4)]);
            }
            byte[] dst = new byte[dstOff + len];
            Masking.unmask(src, srcOff, dst, dstOff, len, key, position);
            assertArrayEquals(expected, dst);
            // in place, as the decoder does for control frames
            byte[] inPlace = src.clone();
            Masking.unmask(inPlace, srcOff, inPlace, srcOff, len, key, position);
            for (int i = 0; i < len; i++) {
                dst[dstOff + i] = inPlace[srcOff + i];
            }
            assertArrayEquals(expected, dst);
        }
    }
}
