package dev.tapdeck.protocol.psrp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a PSRP message into fragments and writes fragments as bytes ([MS-PSRP] 2.2.4, 3.1.5.1.1): for a
 * fake server, and to re-fragment recorded messages for replay at another maximum envelope size.
 */
public final class Fragmenter {
    /** Windows fills 32,747-byte blobs so that header plus blob is 32,768 bytes (protocol-notes A.8). */
    public static final int WINDOWS_MAX_BLOB_LENGTH = Fragment.MAX_BLOB_LENGTH - Fragment.HEADER_LENGTH;

    private final int maxBlobLength;

    /** @param maxBlobLength largest blob per fragment, 1 to 32768 */
    public Fragmenter(int maxBlobLength) {
        if (maxBlobLength < 1 || maxBlobLength > Fragment.MAX_BLOB_LENGTH) {
            throw new IllegalArgumentException("maxBlobLength must be 1.." + Fragment.MAX_BLOB_LENGTH + ", was " + maxBlobLength);
        }
        this.maxBlobLength = maxBlobLength;
    }

    public Fragmenter() {
        this(WINDOWS_MAX_BLOB_LENGTH);
    }

    public int maxBlobLength() {
        return maxBlobLength;
    }

    /**
     * The fragments of one message: FragmentIds consecutive from 0, S on the first, E on the last; an empty
     * message gives one fragment with both flags and an empty blob.
     */
    public List<Fragment> fragment(long objectId, byte[] message) {
        if (objectId == 0) {
            // [MS-PSRP] 2.2.4: ObjectId MUST be greater than 0
            throw new IllegalArgumentException("ObjectId must be greater than 0");
        }
        int count = Math.max(1, (message.length + maxBlobLength - 1) / maxBlobLength);
        List<Fragment> fragments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * maxBlobLength;
            int to = Math.min(message.length, from + maxBlobLength);
            fragments.add(new Fragment(objectId, i, i == 0, i == count - 1, Arrays.copyOfRange(message, from, to)));
        }
        return fragments;
    }

    /** One fragment as it goes on the wire. */
    public static byte[] encode(Fragment fragment) {
        return encode(List.of(fragment));
    }

    /** Fragments concatenated in order, as one carrier holds them. */
    public static byte[] encode(List<Fragment> fragments) {
        int total = 0;
        for (Fragment f : fragments) {
            total = Math.addExact(total, f.encodedLength());
        }
        ByteBuffer out = ByteBuffer.allocate(total); // big-endian: [MS-PSRP] 2.2.4 uses network byte order
        for (Fragment f : fragments) {
            out.putLong(f.objectId()).putLong(f.fragmentId()).put((byte) f.flags()).putInt(f.blob().length).put(f.blob());
        }
        return out.array();
    }

    /**
     * Groups fragments, in order, into payloads of at most {@code maxPayloadLength} bytes each, as many per
     * payload as fit ([MS-PSRP] 3.1.5.1.1: a WS-MAN message SHOULD include as many fragments as possible).
     * A fragment larger than the limit gets a payload of its own (fragments are never split).
     */
    public static List<byte[]> pack(List<Fragment> fragments, int maxPayloadLength) {
        List<byte[]> payloads = new ArrayList<>();
        List<Fragment> current = new ArrayList<>();
        int size = 0;
        for (Fragment f : fragments) {
            if (!current.isEmpty() && size + f.encodedLength() > maxPayloadLength) {
                payloads.add(encode(current));
                current.clear();
                size = 0;
            }
            current.add(f);
            size += f.encodedLength();
        }
        if (!current.isEmpty()) {
            payloads.add(encode(current));
        }
        return payloads;
    }
}
