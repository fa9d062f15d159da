package dev.tapdeck.proxy;

import dev.tapdeck.protocol.ws.ExtensionsInUse;
import dev.tapdeck.protocol.ws.FrameDecoder;
import dev.tapdeck.protocol.ws.PingLedger;
import dev.tapdeck.protocol.ws.WsLimits;
import dev.tapdeck.recorder.Direction;

/**
 * The two frame decoders of one WebSocket, set up with the extensions its handshake negotiated (so
 * permessage-deflate is inflated in the tap) and one ping ledger: a pong travels the other way from the
 * ping it answers (RFC 6455 5.5.3). The relay feeds them live bytes, {@code tapdeck recompute} recorded chunks.
 */
public record WsDecoders(FrameDecoder c2s, FrameDecoder s2c) {

    public static WsDecoders of(ExtensionsInUse extensions, WsLimits limits) {
        PingLedger pings = new PingLedger(limits.maxOutstandingPings());
        return new WsDecoders(
                new FrameDecoder(dev.tapdeck.protocol.ws.Direction.CLIENT_TO_SERVER, extensions, limits, pings),
                new FrameDecoder(dev.tapdeck.protocol.ws.Direction.SERVER_TO_CLIENT, extensions, limits, pings));
    }

    public FrameDecoder of(Direction direction) {
        return direction == Direction.CLIENT_TO_SERVER ? c2s : s2c;
    }
}
