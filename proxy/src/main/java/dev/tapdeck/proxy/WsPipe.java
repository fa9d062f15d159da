package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.ws.FrameDecoder;
import dev.tapdeck.protocol.ws.FrameHeader;
import dev.tapdeck.protocol.ws.WsEvent;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.TapEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import java.util.List;

/**
 * One direction of a relayed WebSocket: every byte read from {@code source} is recorded, fed to the
 * direction's frame decoder, and written unchanged to {@code sink} (design principle 1), with back-pressure:
 * the source pauses while the sink's write queue is full, while the recorder's queue is past its high-water
 * mark, and while message plug-ins decide.
 * <p>
 * In enforce mode the decoder's gate decides how far bytes may go: an incomplete frame header, and a
 * control frame (at most 131 bytes) until it is complete, are held back, so a frame that breaks an enforced
 * rule is stopped before any of its bytes go out (notes §0.3). Used on its connection's event loop only.
 */
final class WsPipe {
    /** What the pipe reports to the connection that owns it. */
    interface Owner {
        /** A frame of this direction broke an enforced rule. */
        void enforce(WsPipe offender, WsEvent.ViolationFound violation);

        /** The source's byte stream ended. */
        void ended(WsPipe pipe);

        /** A message plug-in refused a message of this direction (or the hold could not go on): close with {@code code}. */
        void veto(WsPipe offender, int code, String reason);
    }

    /** RFC 6455 7.4.1: a message too big to process. */
    static final int MESSAGE_TOO_BIG = 1009;

    final Direction direction;
    private final ClientSession session;
    private final NetSocket source;
    private final NetSocket sink;
    private final FrameDecoder decoder;
    private final WsAnnotations annotations;
    private final Policy policy;
    private final Owner owner;
    /** Message plug-ins of the route and what they hold; null when the route has none. */
    private final WsPlugins plugins;
    private final MessageHold hold;
    private final long holdLimit;
    /** Never appended to while empty (relay starts from the chunk): idle pipes share one empty buffer. */
    private static final Buffer NOTHING = Buffer.buffer(0);

    private Buffer held = NOTHING;
    private long received;
    private long forwarded;
    private long lastHeaderStart;
    private long lastHeaderEnd;
    private long openControlStart = -1;
    private boolean halted;
    private boolean ended;
    /** The source's connection closed; its last bytes and its end may still wait in its paused inbound queue. */
    private boolean sourceClosed;
    /** Given up on relaying the rest (the sink never drained): what is left is read and recorded only. */
    private boolean draining;
    /** An end check is scheduled on the event loop. */
    private boolean settling;
    /** Paused until the sink's write queue drains. */
    private boolean sinkFull;
    /** Paused until the recorder's queue drains. */
    private boolean recorderFull;
    private Future<Void> lastWrite = Future.succeededFuture();
    /** The source's event loop, where the end waits for the source's queue to be delivered. */
    private Context context;

    WsPipe(Direction direction, ClientSession session, NetSocket source, NetSocket sink, FrameDecoder decoder,
           WsAnnotations annotations, Policy policy, Owner owner) {
        this(direction, session, source, sink, decoder, annotations, policy, owner, null, 0);
    }

    /** @param holdLimit bytes a held message (with what follows it) may take before the connection is closed with 1009 */
    WsPipe(Direction direction, ClientSession session, NetSocket source, NetSocket sink, FrameDecoder decoder,
           WsAnnotations annotations, Policy policy, Owner owner, WsPlugins plugins, long holdLimit) {
        this.plugins = plugins == null || plugins.isEmpty() ? null : plugins;
        this.hold = this.plugins == null ? null : new MessageHold(session.sessionId, direction);
        this.holdLimit = holdLimit;
        this.direction = direction;
        this.session = session;
        this.source = source;
        this.sink = sink;
        this.decoder = decoder;
        this.annotations = annotations;
        this.policy = policy;
        this.owner = owner;
    }

    void start() {
        source.handler(this::onData);
        source.endHandler(v -> sourceClosed());
        context = Vertx.currentContext();
        source.resume();
    }

    private void onData(Buffer chunk) {
        long at = received;
        int n = chunk.length();
        received += n;
        if (direction == Direction.CLIENT_TO_SERVER) {
            session.bytesFromClient += n;
        } else {
            session.bytesFromServer += n;
        }
        byte[] bytes = chunk.getBytes();
        if (halted) {
            // the connection is being failed: the bytes are recorded, never relayed nor decoded (RFC 6455 7.1.7)
            emitChunk(at, bytes);
            return;
        }
        List<WsEvent> events = decoder.feed(bytes, 0, n);
        WsEvent.ViolationFound blocking = null;
        for (WsEvent e : events) {
            track(e);
            if (hold != null) {
                hold.track(e);
            }
            if (blocking == null && e instanceof WsEvent.ViolationFound v && policy.blocks(v.violation())) {
                blocking = v;
            }
        }
        relay(chunk, target(blocking));
        emitChunk(at, bytes);
        events.forEach(e -> annotations.emit(direction, e));
        if (blocking != null) {
            owner.enforce(this, blocking);
        } else if (hold != null) {
            afterHeld();
        }
    }

    /** The message plug-ins: bound what is held, ask about the next whole message. */
    private void afterHeld() {
        if (held.length() > holdLimit) {
            owner.veto(this, MESSAGE_TOO_BIG, "tapdeck: message over the plug-in hold limit of " + holdLimit + " bytes");
            return;
        }
        if (decoder.stopped() && hold.busy()) {
            // fail closed: a message the tap can no longer read cannot be shown to the plug-ins
            owner.veto(this, WsPlugins.POLICY_VIOLATION, "tapdeck: messages can no longer be decoded for the plug-ins");
            return;
        }
        MessageHold.Pending next = hold.nextToAsk();
        if (next == null) {
            return;
        }
        source.pause(); // back-pressure while the plug-ins decide
        plugins.decide(session, next.message()).onComplete(ar -> {
            if (halted) {
                return;
            }
            PluginDecision d = ar.result();
            if (ar.failed() || !d.passed()) {
                owner.veto(this, WsPlugins.POLICY_VIOLATION, ar.failed() ? "tapdeck: plug-in failure" : d.reason());
                return;
            }
            hold.passed();
            relay(Buffer.buffer(), target(null));
            resumeIfFree();
            afterHeld();
        });
    }

    /** How far the policy lets the stream go out once this chunk is in. */
    private long policyTarget(WsEvent.ViolationFound blocking) {
        if (policy.mode() != Policy.Mode.ENFORCE) {
            return received;
        }
        if (blocking != null) {
            // the offending frame stays here; if part of it already went out, nothing more does
            return Math.max(forwarded, Math.min(received, blocking.frameOffset()));
        }
        if (decoder.stopped()) {
            return received; // a rule that is only reported stopped the tap: it no longer gates anything
        }
        long gate = decoder.gateOffset();
        return openControlStart >= 0 ? Math.min(gate, openControlStart) : gate;
    }

    /** What the policy lets go, no further than the message plug-ins allow. */
    private long target(WsEvent.ViolationFound blocking) {
        long policyTarget = policyTarget(blocking);
        return hold == null ? policyTarget : Math.min(policyTarget, hold.limit());
    }

    private void relay(Buffer chunk, long target) {
        if (held.length() == 0 && target == received) {
            write(chunk); // the common case: the whole chunk goes out as it came
            return;
        }
        Buffer pending = held.length() == 0 ? chunk : held.appendBuffer(chunk);
        int out = (int) Math.max(0, target - forwarded);
        if (out > 0) {
            write(pending.slice(0, out).copy());
        }
        held = pending.getBuffer(out, pending.length());
    }

    private void write(Buffer b) {
        forwarded += b.length();
        lastWrite = sink.write(b);
        if (sink.writeQueueFull() && !sinkFull) {
            sinkFull = true;
            source.pause();
            sink.drainHandler(v -> {
                sinkFull = false;
                resumeIfFree();
            });
        }
    }

    /** Reads again once nothing holds the source back any more. */
    private void resumeIfFree() {
        if ((!halted || draining) && !paused()) {
            source.resume();
            if (sourceClosed) {
                settleEnd();
            }
        }
    }

    private boolean paused() {
        return sinkFull || recorderFull || (hold != null && hold.asking());
    }

    private void track(WsEvent e) {
        if (e instanceof WsEvent.FrameHeaderParsed p) {
            FrameHeader h = p.header();
            lastHeaderStart = p.frameOffset();
            // a 64-bit length with its top bit set (FR-9) has no end the relay could know
            lastHeaderEnd = h.payloadLength() < 0 ? Long.MAX_VALUE : p.frameOffset() + h.headerLength() + h.payloadLength();
            openControlStart = h.control() ? p.frameOffset() : -1;
        } else if (e instanceof WsEvent.FrameDecoded) {
            openControlStart = -1;
        }
    }

    private void emitChunk(long at, byte[] bytes) {
        long fwd = forwarded;
        session.emit(seq -> new TapEvent.WsChunkRelayed(session.sessionId, seq, session.offset(), direction, at,
                bytes, fwd));
        if (!recorderFull && session.recorderCongested()) {
            // the recorder is behind: read nothing more until it drained, so the recording stays complete
            recorderFull = true;
            source.pause();
            session.whenRecorderDrained(() -> {
                recorderFull = false;
                resumeIfFree();
            });
        }
    }

    /**
     * True when what went out so far ends on a frame boundary, so a Close frame written now is a frame of
     * its own (RFC 6455 5.4: control frames may come between fragments, never inside a frame).
     */
    boolean atFrameBoundary() {
        if (decoder.stopped() && forwarded > decoder.offset()) {
            return false; // bytes went out that the decoder did not frame
        }
        return forwarded <= lastHeaderStart || forwarded == lastHeaderEnd;
    }

    /** Stops relaying: later bytes are recorded only; held bytes never go out. */
    void halt() {
        halted = true;
        held = NOTHING;
        if (sourceClosed && !draining) {
            end(); // it waited for bytes that will not be relayed now
        }
    }

    /** Writes a Close frame after what went out (or nothing), then closes the sink once it is written. */
    void finish(byte[] closeFrame) {
        if (closeFrame != null) {
            lastWrite = sink.write(Buffer.buffer(closeFrame));
        }
        lastWrite.eventually(() -> sink.close());
    }

    /** The source ended (TCP FIN or close): report it, pass on what was held, and tell the owner. */
    void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (hold != null && hold.busy()) {
            halt(); // a message the plug-ins have not passed never goes out, even when its sender left
        }
        if (!halted && held.length() > 0) {
            // an incomplete frame at the end cannot break a rule any more: relay it as it came
            write(held);
            held = NOTHING;
        }
        annotations.ended(direction, decoder, received, forwarded);
        owner.ended(this);
    }

    /** Passes the end of this direction on: the sink closes once everything written reached it. */
    void passOnEnd() {
        if (!halted) {
            lastWrite.eventually(() -> sink.close());
        }
    }

    /**
     * The source's connection closed (its close handler, or its end handler). Vert.x runs both at once, while
     * what the source sent last may still wait in its inbound queue behind a pause (sink full, recorder
     * congested): an upstream socket taken from an HTTP response even calls its end handler ahead of that
     * queue (on the HttpClosedException). So the end waits until the pipe reads again and the queue has been
     * delivered; a halted pipe relays nothing more and ends now.
     */
    void sourceClosed() {
        sourceClosed = true;
        if (halted && !draining) {
            end();
        } else {
            settleEnd();
        }
    }

    /**
     * Ends once the source is not paused and a turn of its event loop delivered nothing more: a resume drains
     * the socket's queue on this event loop, before a task scheduled after it.
     */
    private void settleEnd() {
        if (ended || settling || paused()) {
            return; // resumeIfFree comes back here
        }
        if (context == null) {
            end(); // started off any event loop (nothing queues then)
            return;
        }
        long mark = received;
        settling = true;
        context.runOnContext(v -> {
            settling = false;
            if (received == mark && !paused() && !ended) {
                end();
            } else {
                settleEnd();
            }
        });
    }

    /** The sink's connection closed: nothing will drain its write queue, so that no longer holds the source. */
    void sinkClosed() {
        if (sinkFull) {
            sinkFull = false;
            resumeIfFree();
        }
    }

    /**
     * The source closed long ago and its end is still queued behind a sink that never drains (a peer that
     * reads nothing, design principle 6): stop relaying, close the sink, and read the rest into the recording.
     * A pipe held back by the recorder instead is left alone (a slow disk is not a peer that reads nothing,
     * and the recorder's stallTimeout bounds a hung one).
     *
     * @return false while the pipe waits on something other than its sink: ask again later
     */
    boolean giveUpRelaying() {
        if (ended || !sourceClosed) {
            return true;
        }
        if (!sinkFull) {
            return false;
        }
        draining = true;
        halt();
        sink.close();
        sinkFull = false;
        resumeIfFree();
        return true;
    }

    boolean ended() {
        return ended;
    }
}
