package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.ws.ExtensionsInUse;
import dev.tapdeck.protocol.ws.WsEvent;
import dev.tapdeck.protocol.ws.WsLimits;
import dev.tapdeck.protocol.ws.WsRule;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.TapEvent;
import dev.tapdeck.recorder.TapEvent.WsOutcome;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.net.NetSocket;

import java.time.Duration;
import java.util.Set;

/**
 * A WebSocket after its 101: the client's and the upstream's TCP connections joined byte for byte by two
 * {@link WsPipe}s, each with its own frame decoder (RFC 6455 5; extensions from the handshake, so
 * permessage-deflate is inflated in the tap only). Design "WebSocket" steps 2 and 3.
 * <p>
 * A FIN is passed on by closing the other connection once everything written to it went out: Vert.x
 * sockets close on a FIN (no TCP half-closure), so nothing could reach the side that sent it anyway, and a
 * WebSocket closes TCP only after its closing handshake (RFC 6455 7.1.1).
 */
final class WsConnection implements WsPipe.Owner {
    /** How long written Close frames may take to leave before the connections are cut anyway. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    private static final Set<WsRule> UTF8_RULES = Set.of(WsRule.INVALID_UTF8_TEXT, WsRule.TRUNCATED_UTF8_TEXT,
            WsRule.INVALID_UTF8_CLOSE_REASON);

    private final Vertx vertx;
    private final ClientSession session;
    private final int exchange;
    private final ProxyClock clock;
    private final NetSocket client;
    private final NetSocket server;
    private final WsPipe c2s;
    private final WsPipe s2c;
    private boolean failed;
    /** Directions whose end was not seen yet; the session ends with the second. */
    private int open = 2;
    /** Run once both connections are closed: gives their counts back. */
    private final Runnable released;

    WsConnection(Vertx vertx, ClientSession session, int exchange, NetSocket client, NetSocket server,
                 ExtensionsInUse extensions, WsLimits limits, Policy policy, ProxyClock clock, WsPlugins plugins,
                 Runnable released) {
        this.released = released;
        this.vertx = vertx;
        this.session = session;
        this.exchange = exchange;
        this.clock = clock;
        this.client = client;
        this.server = server;
        WsDecoders decoders = WsDecoders.of(extensions, limits);
        WsAnnotations annotations = new WsAnnotations(session, policy);
        c2s = new WsPipe(Direction.CLIENT_TO_SERVER, session, client, server, decoders.c2s(), annotations, policy, this,
                plugins, holdLimit(limits));
        s2c = new WsPipe(Direction.SERVER_TO_CLIENT, session, server, client, decoders.s2c(), annotations, policy, this,
                plugins, holdLimit(limits));
    }

    void start() {
        client.closeHandler(v -> {
            session.socketClosed();
            closed(c2s, s2c);
        });
        server.closeHandler(v -> closed(s2c, c2s));
        client.exceptionHandler(err -> transportFailed("client", err));
        server.exceptionHandler(err -> transportFailed("upstream", err));
        c2s.start();
        s2c.start();
    }

    /** A held message may take the message limit plus room for the frames that follow it before the verdict. */
    private static long holdLimit(WsLimits limits) {
        return (long) limits.maxMessageBytes() + (1 << 16);
    }

    @Override
    public void enforce(WsPipe offender, WsEvent.ViolationFound v) {
        // RFC 6455 7.4.1: 1007 for data inconsistent with the message type (invalid UTF-8), else 1002
        int code = UTF8_RULES.contains(v.rule()) ? CloseFrames.INVALID_PAYLOAD : CloseFrames.PROTOCOL_ERROR;
        fail(code, "tapdeck: " + v.rule().id(), (toServer, toClient) -> session.emit(seq -> new TapEvent.WsPolicyEnforced(
                session.sessionId, seq, session.offset(), offender.direction, v.violation(), code, outcome(toServer),
                outcome(toClient), toServer, toClient)));
    }

    /** A message plug-in refused a message: both sides get a Close with {@code code} (1008) and the reason. */
    @Override
    public void veto(WsPipe offender, int code, String reason) {
        fail(code, reason, (toServer, toClient) -> session.emit(seq -> new TapEvent.TransportFailed(session.sessionId,
                seq, session.offset(), exchange, "websocket-vetoed", "closed with " + code + " (" + reason + "): Close "
                + (toServer != null ? "sent" : "not sent (mid-frame), connection dropped") + " toward the server, "
                + (toClient != null ? "sent" : "not sent (mid-frame), connection dropped") + " toward the client")));
    }

    private void fail(int code, String reason, java.util.function.BiConsumer<byte[], byte[]> record) {
        if (failed) {
            return;
        }
        failed = true;
        // a Close can only be injected where the stream it goes into is between frames; else drop TCP
        byte[] toServer = c2s.atFrameBoundary() ? CloseFrames.masked(code, reason, clock.maskKeys().getAsInt()) : null;
        byte[] toClient = s2c.atFrameBoundary() ? CloseFrames.unmasked(code, reason) : null;
        record.accept(toServer, toClient); // before the halts: a halted pipe whose source closed ends at once
        c2s.halt();
        s2c.halt();
        c2s.finish(toServer);
        s2c.finish(toClient);
        // a peer that reads nothing must not keep its connection open forever (design principle 6)
        vertx.setTimer(CLOSE_GRACE.toMillis(), t -> {
            client.close();
            server.close();
        });
    }

    private static WsOutcome outcome(byte[] frame) {
        return frame != null ? WsOutcome.CLOSE_SENT : WsOutcome.CONNECTION_DROPPED;
    }

    /** A direction ended after its last byte was relayed and recorded; the session ends with the second. */
    @Override
    public void ended(WsPipe pipe) {
        pipe.passOnEnd();
        // a sink that never takes what was written to it must not keep its connection open forever
        vertx.setTimer(CLOSE_GRACE.toMillis(), t -> (pipe == c2s ? server : client).close());
        if (--open == 0) {
            released.run();
            session.tunnelClosed(failed ? "websocket failed by the policy or a plug-in" : "websocket closed");
        }
    }

    /**
     * A connection closed. Its direction ends when its end handler runs, after the bytes still queued in the
     * paused socket (Vert.x runs the close handler before them); the other direction's sink is gone.
     */
    private void closed(WsPipe sourcePipe, WsPipe sinkPipe) {
        sourcePipe.sourceClosed();
        sinkPipe.sinkClosed();
        watchTail(sourcePipe);
    }

    /** Every CLOSE_GRACE until the direction ended: a tail stuck behind a sink that reads nothing is given up. */
    private void watchTail(WsPipe pipe) {
        vertx.setTimer(CLOSE_GRACE.toMillis(), t -> {
            if (!pipe.giveUpRelaying()) {
                watchTail(pipe);
            }
        });
    }

    private void transportFailed(String side, Throwable err) {
        if (err instanceof HttpClosedException) {
            return; // the upstream closed: its close handler passes that on once its last bytes are relayed
        }
        String m = err.getMessage();
        session.emit(seq -> new TapEvent.TransportFailed(session.sessionId, seq, session.offset(), exchange,
                "websocket-transport", side + " connection failed: " + err.getClass().getSimpleName()
                + (m == null ? "" : ": " + m)));
        client.close();
        server.close();
    }
}
