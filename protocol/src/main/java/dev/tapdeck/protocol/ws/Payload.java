package dev.tapdeck.protocol.ws;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Bytes carried by an event (a control frame body, an assembled message), compared by content so that
 * events decoded from differently chunked input are equal. The array is shared, not copied: callers
 * must not modify what {@link #bytes()} returns.
 */
public final class Payload {
    public static final Payload EMPTY = new Payload(new byte[0]);
    private static final int SHOWN = 32;

    private final byte[] bytes;

    private Payload(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps the array without copying; the caller hands over ownership. */
    public static Payload wrap(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Payload(bytes);
    }

    public static Payload copyOf(byte[] bytes, int off, int len) {
        return len == 0 ? EMPTY : new Payload(Arrays.copyOfRange(bytes, off, off + len));
    }

    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    /** The bytes as UTF-8 text, with replacement characters where they are not valid UTF-8. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload && Arrays.equals(bytes, ((Payload) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        String hex = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, SHOWN));
        return bytes.length + " bytes [" + hex + (bytes.length > SHOWN ? "..." : "") + "]";
    }
}
