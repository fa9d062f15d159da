package dev.tapdeck.protocol.ws;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Incremental UTF-8 validation (RFC 3629 section 4 grammar, required by RFC 6455 5.6 and 8.1) that fails at
 * the first byte no valid sequence can contain (notes UT-3). The JDK decoder is not used: it reports
 * {@code ED A0} (a surrogate prefix) only when the third byte arrives.
 * <p>
 * A deterministic automaton over 12 byte classes; the state carries across calls, so a text message
 * can be checked fragment by fragment and chunk by chunk.
 */
final class Utf8Validator {
    private static final int ACCEPT = 0;
    private static final int REJECT = 1;
    private static final int TAIL1 = 2;  // one 80-BF byte missing
    private static final int TAIL2 = 3;  // two 80-BF bytes missing
    private static final int TAIL3 = 4;  // three 80-BF bytes missing
    private static final int AFTER_E0 = 5;  // A0-BF, then one tail (no overlong 3-byte form)
    private static final int AFTER_ED = 6;  // 80-9F, then one tail (no surrogates D800-DFFF)
    private static final int AFTER_F0 = 7;  // 90-BF, then two tails (no overlong 4-byte form)
    private static final int AFTER_F4 = 8;  // 80-8F, then two tails (nothing above U+10FFFF)
    private static final int STATES = 9;
    private static final int CLASSES = 12;

    private static final byte[] CLASS = new byte[256];
    private static final byte[] NEXT = new byte[STATES * CLASSES];
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        // classes: 0 ASCII, 1 80-8F, 2 90-9F, 3 A0-BF, 4 never valid (C0 C1 F5-FF), 5 C2-DF,
        // 6 E0, 7 E1-EC EE-EF, 8 ED, 9 F0, 10 F1-F3, 11 F4
        for (int b = 0; b < 256; b++) {
            CLASS[b] = (byte) (b < 0x80 ? 0 : b < 0x90 ? 1 : b < 0xA0 ? 2 : b < 0xC0 ? 3 : b < 0xC2 ? 4
                    : b < 0xE0 ? 5 : b == 0xE0 ? 6 : b == 0xED ? 8 : b < 0xF0 ? 7 : b == 0xF0 ? 9
                    : b < 0xF4 ? 10 : b == 0xF4 ? 11 : 4);
        }
        java.util.Arrays.fill(NEXT, (byte) REJECT);
        int[] leadTargets = {ACCEPT, REJECT, REJECT, REJECT, REJECT, TAIL1, AFTER_E0, TAIL2, AFTER_ED, AFTER_F0, TAIL3, AFTER_F4};
        for (int c = 0; c < CLASSES; c++) {
            NEXT[ACCEPT * CLASSES + c] = (byte) leadTargets[c];
        }
        for (int c = 1; c <= 3; c++) {  // any continuation byte 80-BF
            NEXT[TAIL1 * CLASSES + c] = ACCEPT;
            NEXT[TAIL2 * CLASSES + c] = TAIL1;
            NEXT[TAIL3 * CLASSES + c] = TAIL2;
        }
        NEXT[AFTER_E0 * CLASSES + 3] = TAIL1;
        NEXT[AFTER_ED * CLASSES + 1] = TAIL1;
        NEXT[AFTER_ED * CLASSES + 2] = TAIL1;
        NEXT[AFTER_F0 * CLASSES + 2] = TAIL2;
        NEXT[AFTER_F0 * CLASSES + 3] = TAIL2;
        NEXT[AFTER_F4 * CLASSES + 1] = TAIL2;
    }

    private int state = ACCEPT;

    /**
     * Feeds bytes; returns the index in {@code b} of the first byte that makes the text invalid, or -1.
     * Once invalid, the validator stays invalid until {@link #reset()}.
     */
    int update(byte[] b, int off, int len) {
        int s = state;
        if (s == REJECT) {
            return len == 0 ? -1 : off;
        }
        int i = off;
        int end = off + len;
        while (i < end) {
            if (s == ACCEPT) {
                // ASCII runs are the common case: skip 8 bytes at a time while no high bit is set
                while (i + 8 <= end && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
                    i += 8;
                }
                if (i == end) {
                    break;
                }
            }
            s = NEXT[s * CLASSES + CLASS[b[i] & 0xFF]];
            if (s == REJECT) {
                state = REJECT;
                return i;
            }
            i++;
        }
        state = s;
        return -1;
    }

    /** True when the bytes so far end on a code point boundary (a message may end here, UT-2). */
    boolean complete() {
        return state == ACCEPT;
    }

    void reset() {
        state = ACCEPT;
    }

    /** Validates a whole string (a close reason). */
    static boolean isValid(byte[] b, int off, int len) {
        Utf8Validator v = new Utf8Validator();
        return v.update(b, off, len) < 0 && v.complete();
    }
}
