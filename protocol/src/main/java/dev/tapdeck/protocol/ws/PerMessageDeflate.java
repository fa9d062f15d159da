package dev.tapdeck.protocol.ws;

/**
 * The permessage-deflate parameters agreed in the 101 response (RFC 7692 7.1). Window sizes are
 * recorded but cannot be checked on the inflating side: java.util.zip always inflates with a 32 KiB
 * window, which decodes every smaller window too (notes PMD-8).
 */
public record PerMessageDeflate(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                                int serverMaxWindowBits, int clientMaxWindowBits) {

    /** A bare "permessage-deflate": context takeover both ways, 15-bit windows. */
    public static final PerMessageDeflate DEFAULT = new PerMessageDeflate(false, false, 15, 15);

    /** RFC 7692 7.1.1: whether messages sent in {@code direction} may refer to earlier messages. */
    public boolean contextTakeover(Direction direction) {
        return direction == Direction.CLIENT_TO_SERVER ? !clientNoContextTakeover : !serverNoContextTakeover;
    }
}
