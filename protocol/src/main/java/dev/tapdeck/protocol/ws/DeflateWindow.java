package dev.tapdeck.protocol.ws;

/**
 * The last 32 KiB of inflated output: the LZ77 window a DEFLATE stream may refer back into. Kept so
 * that an inflater restarted after a BFINAL block inside a message can be given it as a dictionary
 * (RFC 7692 7.2.1 and 7.2.3.4, notes PMD-7).
 */
final class DeflateWindow {
    static final int SIZE = 32 * 1024;

    private byte[] ring;
    private int end;
    private boolean wrapped;

    void append(byte[] b, int off, int len) {
        if (ring == null) {
            ring = new byte[SIZE];
        }
        if (len >= SIZE) {
            System.arraycopy(b, off + len - SIZE, ring, 0, SIZE);
            end = 0;
            wrapped = true;
            return;
        }
        int first = Math.min(len, SIZE - end);
        System.arraycopy(b, off, ring, end, first);
        System.arraycopy(b, off + first, ring, 0, len - first);
        if (end + len >= SIZE) {
            wrapped = true;
        }
        end = (end + len) % SIZE;
    }

    /** The window, oldest byte first; empty when nothing was inflated since the last clear. */
    byte[] contents() {
        if (ring == null) {
            return new byte[0];
        }
        if (!wrapped) {
            return java.util.Arrays.copyOf(ring, end);
        }
        byte[] out = new byte[SIZE];
        System.arraycopy(ring, end, out, 0, SIZE - end);
        System.arraycopy(ring, 0, out, SIZE - end, end);
        return out;
    }

    void clear() {
        end = 0;
        wrapped = false;
    }
}
