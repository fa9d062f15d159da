package dev.tapdeck.protocol.psrp;

import java.util.Arrays;
import java.util.Objects;

/**
 * One PSRP fragment ([MS-PSRP] 2.2.4): a 21-byte big-endian header and a blob that is a whole PSRP message
 * or a part of one.
 *
 * @param objectId   ObjectId, an unsigned 64-bit value held in a long (compare with {@link Long#compareUnsigned})
 * @param fragmentId FragmentId, unsigned 64-bit, 0 for the Start fragment
 * @param start      the S flag (bit 0 of the flags byte)
 * @param end        the E flag (bit 1 of the flags byte)
 * @param blob       the Blob bytes; the record keeps this array, callers must not modify it
 */
public record Fragment(long objectId, long fragmentId, boolean start, boolean end, byte[] blob) {
    /** Size of the fixed header: ObjectId (8), FragmentId (8), flags (1), BlobLength (4). */
    public static final int HEADER_LENGTH = 21;
    /** [MS-PSRP] 2.2.4: BlobLength MUST be at most 32768. */
    public static final int MAX_BLOB_LENGTH = 32768;
    /** S flag bit of the flags byte. */
    public static final int FLAG_START = 0x01;
    /** E flag bit of the flags byte. */
    public static final int FLAG_END = 0x02;

    public Fragment {
        Objects.requireNonNull(blob, "blob");
    }

    /** The flags byte as it goes on the wire (reserved bits 0). */
    public int flags() {
        return (start ? FLAG_START : 0) | (end ? FLAG_END : 0);
    }

    /** Header plus blob. */
    public int encodedLength() {
        return HEADER_LENGTH + blob.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fragment f && f.objectId == objectId && f.fragmentId == fragmentId
                && f.start == start && f.end == end && Arrays.equals(f.blob, blob);
    }

    @Override
    public int hashCode() {
        return Objects.hash(objectId, fragmentId, start, end) * 31 + Arrays.hashCode(blob);
    }

    /** Never prints the blob: it may carry command arguments. */
    @Override
    public String toString() {
        return "Fragment[ObjectId=" + Long.toUnsignedString(objectId) + ", FragmentId=" + Long.toUnsignedString(fragmentId)
                + (start ? ", S" : "") + (end ? ", E" : "") + ", BlobLength=" + blob.length + "]";
    }
}
