package dev.tapdeck.protocol.psrp;

import dev.tapdeck.protocol.rules.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits one payload into PSRP fragments ([MS-PSRP] 2.2.4). A payload is one WS-Man carrier: the decoded
 * base64 of a {@code creationXml}, of one {@code rsp:Arguments} element, of one {@code rsp:Stream}, or of a
 * {@code connectXml}. A fragment never spans two carriers ([MS-PSRP] 3.1.5.1.1), so the decoder is not
 * incremental: trailing bytes that do not form a whole fragment are reported, not kept.
 * Never throws on hostile input; memory is bounded by the payload itself.
 */
public final class FragmentDecoder {
    private FragmentDecoder() {
    }

    public static FragmentsDecoded decode(byte[] payload) {
        return decode(payload, 0, payload.length);
    }

    public static FragmentsDecoded decode(byte[] payload, int offset, int length) {
        List<Fragment> fragments = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        int pos = offset;
        int limit = offset + length;
        while (pos < limit) {
            int remaining = limit - pos;
            if (remaining < Fragment.HEADER_LENGTH) {
                // [MS-PSRP] 2.2.4: an individual fragment cannot be broken down into smaller pieces
                violations.add(new Violation(PsrpRule.FRAGMENT_TRUNCATED, "offset " + (pos - offset),
                        remaining + " trailing bytes, fewer than the 21-byte fragment header"));
                return new FragmentsDecoded(fragments, violations, remaining);
            }
            long objectId = readLong(payload, pos);
            long fragmentId = readLong(payload, pos + 8);
            int flags = payload[pos + 16] & 0xFF;
            long blobLength = readInt(payload, pos + 17) & 0xFFFFFFFFL;
            String subject = subject(objectId, fragmentId);
            if ((flags & ~(Fragment.FLAG_START | Fragment.FLAG_END)) != 0) {
                // [MS-PSRP] 2.2.4: Reserved MUST be set to 0 and ignored upon receipt
                violations.add(new Violation(PsrpRule.RESERVED_FLAGS_SET, subject,
                        String.format("flags byte 0x%02X has reserved bits set", flags)));
            }
            if (blobLength > Fragment.MAX_BLOB_LENGTH) {
                // [MS-PSRP] 2.2.4: BlobLength MUST be <= 32768
                violations.add(new Violation(PsrpRule.BLOB_LENGTH_EXCEEDED, subject,
                        "BlobLength " + blobLength + " exceeds 32768"));
            }
            if (blobLength > remaining - Fragment.HEADER_LENGTH) {
                violations.add(new Violation(PsrpRule.FRAGMENT_TRUNCATED, subject,
                        "BlobLength " + blobLength + " but only " + (remaining - Fragment.HEADER_LENGTH)
                                + " bytes follow the header at offset " + (pos - offset)));
                return new FragmentsDecoded(fragments, violations, remaining);
            }
            int blobStart = pos + Fragment.HEADER_LENGTH;
            byte[] blob = Arrays.copyOfRange(payload, blobStart, blobStart + (int) blobLength);
            fragments.add(new Fragment(objectId, fragmentId, (flags & Fragment.FLAG_START) != 0,
                    (flags & Fragment.FLAG_END) != 0, blob));
            pos = blobStart + (int) blobLength;
        }
        return new FragmentsDecoded(fragments, violations, 0);
    }

    /**
     * Whether {@link #decode(byte[])} would find at least one fragment and no violation, without building
     * either: a redactor asks it of every stream a text shell sends, which is never PSRP.
     */
    public static boolean wholeFragments(byte[] payload) {
        int pos = 0;
        while (pos < payload.length) {
            int remaining = payload.length - pos;
            if (remaining < Fragment.HEADER_LENGTH) {
                return false;
            }
            long blobLength = readInt(payload, pos + 17) & 0xFFFFFFFFL;
            // the checks of decode: reserved flags, BlobLength over 32768, a truncated blob
            if (!headerValid(payload, pos) || blobLength > remaining - Fragment.HEADER_LENGTH) {
                return false;
            }
            pos += Fragment.HEADER_LENGTH + (int) blobLength;
        }
        return payload.length > 0;
    }

    /**
     * Whether the fragment header at {@code pos} (21 bytes must follow) has no reserved flag and a BlobLength
     * within 32768, as {@link #decode} requires: a payload failing it at 0 is not whole fragments, whatever follows.
     */
    public static boolean headerValid(byte[] payload, int pos) {
        int flags = payload[pos + 16] & 0xFF;
        long blobLength = readInt(payload, pos + 17) & 0xFFFFFFFFL;
        return (flags & ~(Fragment.FLAG_START | Fragment.FLAG_END)) == 0 && blobLength <= Fragment.MAX_BLOB_LENGTH;
    }

    static String subject(long objectId, long fragmentId) {
        return "ObjectId " + Long.toUnsignedString(objectId) + " FragmentId " + Long.toUnsignedString(fragmentId);
    }

    private static long readLong(byte[] b, int at) {
        return ((long) readInt(b, at) << 32) | (readInt(b, at + 4) & 0xFFFFFFFFL);
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
