package dev.tapdeck.protocol.psrp;

import java.util.ArrayList;
import java.util.List;

/**
 * The sending half of one side of one RunspacePool: numbers each outgoing message with the next ObjectId
 * and splits it into fragments. One counter serves the pool and all its pipelines, as pypsrp and Windows do
 * (protocol-notes B.1: 1 and 2 in the creationXml, 3 in the first Command, ...); each side counts on its own.
 * Not thread-safe.
 */
public final class PsrpSender {
    private final Fragmenter fragmenter;
    private long lastObjectId;

    /** @param maxBlobLength largest fragment blob, 1 to 32768 (see {@link #maxBlobLength(long)}) */
    public PsrpSender(int maxBlobLength) {
        this.fragmenter = new Fragmenter(maxBlobLength);
    }

    /**
     * The largest blob that lets one fragment, base64-encoded, fit in a WS-Man envelope of
     * {@code maxEnvelopeSize} octets with {@code envelopeOverhead} octets of SOAP around it; never more than
     * Windows' 32,747 ([MS-PSRP] 2.2.4, protocol-notes A.8), never less than 1.
     */
    public static int maxBlobLength(long maxEnvelopeSize, int envelopeOverhead) {
        long base64Room = Math.max(0, maxEnvelopeSize - envelopeOverhead);
        long blob = base64Room / 4 * 3 - Fragment.HEADER_LENGTH;
        return (int) Math.max(1, Math.min(Fragmenter.WINDOWS_MAX_BLOB_LENGTH, blob));
    }

    /** The fragments of {@code message}, under a fresh ObjectId ([MS-PSRP] 2.2.4: greater than 0, unique in the pool). */
    public List<Fragment> fragments(PsrpMessage message) {
        return fragmenter.fragment(++lastObjectId, PsrpMessageCodec.encode(message));
    }

    /** {@link #fragments} encoded back to back, as one carrier holds them (a creationXml, a Send stream). */
    public byte[] encode(PsrpMessage... messages) {
        List<Fragment> all = new ArrayList<>();
        for (PsrpMessage m : messages) {
            all.addAll(fragments(m));
        }
        return Fragmenter.encode(all);
    }

    public int maxBlobLength() {
        return fragmenter.maxBlobLength();
    }
}
