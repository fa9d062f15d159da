package dev.tapdeck.protocol.psrp;

/**
 * Bounds of one {@link Defragmenter} (design principle 6). Crossing one drops the reassembly concerned and
 * reports a {@link DefragmentEvent.ReassemblyDropped} that names the limit.
 *
 * @param maxOpenObjectIds most messages whose End fragment is still awaited
 * @param maxMessageBytes  largest reassembled message, in bytes
 * @param maxOpenBytes     most bytes held by all unfinished messages together
 */
public record DefragmentLimits(int maxOpenObjectIds, int maxMessageBytes, long maxOpenBytes) {
    /**
     * Real traffic has at most a couple of messages open per direction and messages of a few hundred KiB
     * (file copies); 16 MiB per message and 64 MiB in all leave room without letting a peer exhaust memory.
     */
    public static final DefragmentLimits DEFAULT = new DefragmentLimits(1024, 16 * 1024 * 1024, 64L * 1024 * 1024);

    public DefragmentLimits {
        if (maxOpenObjectIds < 1 || maxMessageBytes < 0 || maxOpenBytes < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
