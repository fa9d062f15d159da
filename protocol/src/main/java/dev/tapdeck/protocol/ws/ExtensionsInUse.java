package dev.tapdeck.protocol.ws;

import java.util.List;
import java.util.Optional;

/**
 * What the 101 response put in use (RFC 6455 9.1: the server's Sec-WebSocket-Extensions), reduced to
 * what a frame decoder needs.
 *
 * @param deflate           permessage-deflate and its parameters, if agreed
 * @param unknownExtensions names of other extensions: with any of them the decoder cannot tell legal RSV
 *                          bits or payload transformations, so it stops checking those (notes §1.7)
 */
public record ExtensionsInUse(Optional<PerMessageDeflate> deflate, List<String> unknownExtensions) {
    public static final ExtensionsInUse NONE = new ExtensionsInUse(Optional.empty(), List.of());

    public ExtensionsInUse {
        unknownExtensions = List.copyOf(unknownExtensions);
    }

    public static ExtensionsInUse deflate(PerMessageDeflate params) {
        return new ExtensionsInUse(Optional.of(params), List.of());
    }

    /** True when payload and RSV rules can be checked. */
    public boolean verifiable() {
        return unknownExtensions.isEmpty();
    }
}
