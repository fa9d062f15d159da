package dev.tapdeck.proxy;

import dev.tapdeck.protocol.ws.ExtensionsInUse;
import dev.tapdeck.protocol.ws.FrameDecoder;
import dev.tapdeck.protocol.ws.WsEvent;
import dev.tapdeck.protocol.ws.WsLimits;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.HttpHead;
import dev.tapdeck.recorder.TapEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Whole messages of one direction, decoded again from the tap's raw chunks with the extensions the relayed
 * 101 put in use. The tap's own message events keep only a preview (design principle 4: the raw chunks are
 * primary), so a test that checks full contents (a 100 KiB binary, an inflated message) reads them here.
 * Its own ping ledger may differ from the tap's; pongs do not matter here.
 */
final class TappedMessages {
    private TappedMessages() {
    }

    static List<WsEvent.MessageAssembled> of(CollectingSink sink, Direction direction) {
        TapEvent.WsHandshakeRelayed hs = sink.of(TapEvent.WsHandshakeRelayed.class).get(0);
        HttpHead rq = hs.request();
        HttpHead rs = hs.response();
        ExtensionsInUse extensions = WsHandshakes.check(rq, rs).extensionsInUse();
        List<WsEvent.MessageAssembled> messages = new ArrayList<>();
        try (FrameDecoder decoder = new FrameDecoder(dev.tapdeck.protocol.ws.Direction.valueOf(direction.name()),
                extensions, new WsLimits(4 << 20, 64L << 20, 16))) {
            for (TapEvent.WsChunkRelayed c : sink.of(TapEvent.WsChunkRelayed.class)) {
                if (c.direction() == direction) {
                    for (WsEvent e : decoder.feed(c.bytes(), 0, c.bytes().length)) {
                        if (e instanceof WsEvent.MessageAssembled m) {
                            messages.add(m);
                        } else if (e instanceof WsEvent.DecodingStopped || e instanceof WsEvent.LimitExceeded) {
                            // rule occurrences are the tap's to report (its events); here only a lost message matters
                            throw new AssertionError(direction + " decoded again: " + e);
                        }
                    }
                }
            }
        }
        return messages;
    }
}
