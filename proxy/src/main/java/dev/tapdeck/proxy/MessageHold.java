package dev.tapdeck.proxy;

import dev.tapdeck.protocol.ws.FrameHeader;
import dev.tapdeck.protocol.ws.WsEvent;
import dev.tapdeck.proxy.plugin.WsMessage;
import dev.tapdeck.recorder.Direction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Which bytes of one WebSocket direction wait for the message plug-ins: everything from the first frame of
 * a data message (RFC 6455 5.4: a message is a first frame and its continuations) until the plug-ins passed
 * it. Control frames that come between the fragments of a held message wait with it: bytes leave in order.
 * Used on its connection's event loop only.
 */
final class MessageHold {
    /** A whole message whose frames are in; {@code end} is the stream offset after its last frame. */
    record Pending(long start, long end, WsMessage message) {
    }

    private final String sessionId;
    private final Direction direction;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final List<FrameHeader> frames = new ArrayList<>();
    private long openStart = -1;
    private long lastDataEnd;
    private long messages;
    private boolean asking;

    MessageHold(String sessionId, Direction direction) {
        this.sessionId = sessionId;
        this.direction = direction;
    }

    void track(WsEvent e) {
        if (e instanceof WsEvent.FrameHeaderParsed p && !p.header().control() && openStart < 0) {
            openStart = p.frameOffset(); // RFC 6455 5.4: the first frame of a message (a later one is a continuation)
        } else if (e instanceof WsEvent.FrameDecoded f && !f.header().control()) {
            frames.add(f.header());
            lastDataEnd = f.frameOffset() + f.header().headerLength() + f.header().payloadLength();
        } else if (e instanceof WsEvent.MessageAssembled m) {
            pending.add(new Pending(openStart, lastDataEnd, new WsMessage(sessionId,
                    direction == Direction.CLIENT_TO_SERVER, messages++, m.type(), m.compressed(), m.size(),
                    m.data().bytes(), m.complete(), frames)));
            frames.clear();
            openStart = -1;
        }
    }

    /** Stream offset up to which bytes may go out: the start of the oldest message not yet passed. */
    long limit() {
        long limit = Long.MAX_VALUE;
        if (!pending.isEmpty()) {
            limit = pending.peek().start();
        }
        return openStart >= 0 ? Math.min(limit, openStart) : limit;
    }

    /** True while a message is held: assembled and waiting, or still arriving. */
    boolean busy() {
        return !pending.isEmpty() || openStart >= 0;
    }

    /** The next message to ask about, or null when none is waiting or a question is out. */
    Pending nextToAsk() {
        if (asking || pending.isEmpty()) {
            return null;
        }
        asking = true;
        return pending.peek();
    }

    /** The message asked about passed: bytes up to the next held message may go. */
    void passed() {
        asking = false;
        pending.poll();
    }

    boolean asking() {
        return asking;
    }
}
