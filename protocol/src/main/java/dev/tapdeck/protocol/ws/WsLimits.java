package dev.tapdeck.protocol.ws;

/**
 * Bounds of one {@link FrameDecoder} (design principle 6). Frames themselves are never buffered, only
 * control frames (at most 125 bytes) and assembled messages.
 *
 * @param maxMessageBytes         largest message assembled for {@link WsEvent.MessageAssembled}; past it
 *                                the message is still decoded and checked but only its start is kept
 * @param maxInflatedMessageBytes most bytes one compressed message may inflate to (decompression bomb,
 *                                RFC 6455 10.4); past it the decoder stops
 * @param maxOutstandingPings     pings remembered per direction for matching pongs (PP-2)
 */
public record WsLimits(int maxMessageBytes, long maxInflatedMessageBytes, int maxOutstandingPings) {
    /** 1 MiB messages shown, 64 MiB inflated per message, 16 pings. */
    public static final WsLimits DEFAULT = new WsLimits(1 << 20, 64L << 20, 16);

    public WsLimits {
        if (maxMessageBytes < 0 || maxInflatedMessageBytes < 0 || maxOutstandingPings < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
    }
}
