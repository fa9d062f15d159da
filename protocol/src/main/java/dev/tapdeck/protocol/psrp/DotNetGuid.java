package dev.tapdeck.protocol.psrp;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;

/**
 * GUID byte layouts. PSRP writes RPID and PID in the .NET {@code Guid.ToByteArray()} layout ([MS-PSRP]
 * 2.2.1; protocol-notes B.2): the first three groups little-endian, the last 8 bytes as written. Old pypsrp
 * clients wrote the RFC 4122 (big-endian) layout instead, and servers echo what they got, so callers that
 * compare an RPID with a ShellId need both.
 */
public final class DotNetGuid {
    /** The two layouts seen in real traffic. */
    public enum Layout {
        /** .NET {@code Guid.ToByteArray()}: what [MS-PSRP] expects. */
        DOT_NET,
        /** RFC 4122 network order: what pypsrp before 0.3 sent. */
        RFC_4122
    }

    public static final int LENGTH = 16;

    private DotNetGuid() {
    }

    /** Reads 16 bytes in the .NET layout. */
    public static UUID fromBytes(byte[] b, int offset) {
        byte[] rfc = Arrays.copyOfRange(b, offset, offset + LENGTH);
        swap(rfc);
        return fromRfc4122Bytes(rfc, 0);
    }

    /** Writes a GUID in the .NET layout. */
    public static byte[] toBytes(UUID guid) {
        byte[] b = toRfc4122Bytes(guid);
        swap(b);
        return b;
    }

    /** Reads 16 bytes in RFC 4122 (big-endian) order. */
    public static UUID fromRfc4122Bytes(byte[] b, int offset) {
        ByteBuffer bb = ByteBuffer.wrap(b, offset, LENGTH);
        return new UUID(bb.getLong(), bb.getLong());
    }

    public static byte[] toRfc4122Bytes(UUID guid) {
        return ByteBuffer.allocate(LENGTH).putLong(guid.getMostSignificantBits()).putLong(guid.getLeastSignificantBits()).array();
    }

    /**
     * Which layout the raw bytes use to encode {@code expected}, or null when they encode another GUID in
     * both. A GUID whose groups read the same either way (all-zero) reports {@link Layout#DOT_NET}.
     */
    public static Layout layoutOf(byte[] raw, UUID expected) {
        if (raw.length != LENGTH) {
            return null;
        }
        if (Arrays.equals(raw, toBytes(expected))) {
            return Layout.DOT_NET;
        }
        if (Arrays.equals(raw, toRfc4122Bytes(expected))) {
            return Layout.RFC_4122;
        }
        return null;
    }

    /** Reverses the first three groups (4, 2 and 2 bytes) in place: the conversion is its own inverse. */
    private static void swap(byte[] b) {
        reverse(b, 0, 4);
        reverse(b, 4, 6);
        reverse(b, 6, 8);
    }

    private static void reverse(byte[] b, int from, int to) {
        for (int i = from, j = to - 1; i < j; i++, j--) {
            byte t = b[i];
            b[i] = b[j];
            b[j] = t;
        }
    }
}
