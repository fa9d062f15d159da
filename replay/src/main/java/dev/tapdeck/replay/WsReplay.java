package dev.tapdeck.replay;

import dev.tapdeck.protocol.ws.FrameDecoder;
import dev.tapdeck.protocol.ws.HandshakeChecker;
import dev.tapdeck.protocol.ws.WsEvent;
import dev.tapdeck.protocol.ws.WsLimits;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Plays a recorded WebSocket session as the server, on raw bytes: it answers the upgrade with the recorded
 * subprotocol and extensions, waits for each recorded client message (content compared, masks ignored),
 * and sends the recorded server frames byte for byte when the recording sent them. A client message that
 * differs fails the connection with Close 1008 (policy violation, RFC 6455 7.4.1) and leaves a {@link MissReport}.
 */
final class WsReplay {
    /** RFC 6455 7.4.1: the endpoint received a message that violates its policy. */
    static final int POLICY_VIOLATION = 1008;

    private final WsScript script;
    private final Transcript transcript;
    private final Consumer<MissReport> misses;
    private final String name;
    private int mostConsumed;

    WsReplay(ReplayScript script, Transcript transcript, Consumer<MissReport> misses) {
        this.script = script.websocket();
        this.name = script.name();
        this.transcript = transcript;
        this.misses = misses;
    }

    void accept(HttpServerRequest req) {
        String key = req.getHeader("Sec-WebSocket-Key");
        if (key == null || !"websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
            req.response().setStatusCode(400).end("this Tapdeck replay serves a WebSocket recording: send an upgrade request");
            return;
        }
        var resp = req.response();
        // RFC 6455 4.2.2: the 101 names the upgrade and proves it read the key
        resp.putHeader("Upgrade", "websocket").putHeader("Connection", "Upgrade")
                .putHeader("Sec-WebSocket-Accept", HandshakeChecker.acceptFor(key));
        if (script.subprotocol() != null) {
            resp.putHeader("Sec-WebSocket-Protocol", script.subprotocol());
        }
        if (!script.extensions().isEmpty()) {
            resp.putHeader("Sec-WebSocket-Extensions", String.join(", ", script.extensions()));
        }
        transcript.line("> upgrade " + req.uri());
        req.toNetSocket().onSuccess(this::play).onFailure(e -> transcript.line("! upgrade failed: " + e.getMessage()));
    }

    private void play(NetSocket socket) {
        new Session(socket).start();
    }

    synchronized int unconsumed() {
        return script.clientUnits().size() - mostConsumed;
    }

    synchronized String describeUnconsumed() {
        StringBuilder sb = new StringBuilder();
        List<WsUnit> units = script.clientUnits();
        for (int i = mostConsumed; i < units.size(); i++) {
            sb.append("  - client message ").append(i + 1).append(": ").append(units.get(i).describe()).append('\n');
        }
        return sb.toString();
    }

    private synchronized void consumed(int n) {
        mostConsumed = Math.max(mostConsumed, n);
    }

    /** One live connection. */
    private final class Session {
        private final NetSocket socket;
        private final FrameDecoder decoder;
        private int consumed;
        private int sent;
        private boolean failed;

        Session(NetSocket socket) {
            this.socket = socket;
            this.decoder = new FrameDecoder(dev.tapdeck.protocol.ws.Direction.CLIENT_TO_SERVER, script.extensionsInUse(),
                    WsLimits.DEFAULT);
        }

        void start() {
            socket.handler(this::received);
            socket.closeHandler(v -> decoder.close());
            flush();
        }

        private void received(Buffer buf) {
            if (failed) {
                return;
            }
            byte[] b = buf.getBytes();
            for (WsEvent e : decoder.feed(b, 0, b.length)) {
                WsUnit unit = WsUnit.of(e);
                if (unit == null) {
                    continue;
                }
                List<WsUnit> expected = script.clientUnits();
                if (consumed < expected.size() && expected.get(consumed).sameAs(unit)) {
                    transcript.bytes("> " + unit.kind(), unit.data());
                    consumed++;
                    consumed(consumed);
                    flush();
                } else {
                    fail(unit, consumed < expected.size() ? expected.get(consumed) : null);
                    return;
                }
            }
        }

        /** Sends every server frame the recording sent before the next client unit, then ends when all is played. */
        private void flush() {
            List<WsScript.ServerFrame> frames = script.serverFrames();
            while (sent < frames.size() && frames.get(sent).afterClientUnits() <= consumed) {
                byte[] f = frames.get(sent++).bytes();
                transcript.bytes("< frame", f);
                socket.write(Buffer.buffer(f));
            }
            if (sent == frames.size() && consumed == script.clientUnits().size()) {
                socket.end();
            }
        }

        private void fail(WsUnit live, WsUnit expected) {
            failed = true;
            String text = "Tapdeck replay of " + name + ": live client message " + (consumed + 1) + " (" + live.describe()
                    + ") does not match the recording.\n"
                    + (expected == null ? "The recorded client sent no more messages.\n"
                    : "Expected recorded client message " + (consumed + 1) + " of " + script.clientUnits().size() + ":\n"
                    + "  - kind: recorded " + expected.kind() + ", live " + live.kind() + "\n"
                    + "  - content: recorded " + expected.describe() + ", live " + live.describe() + "\n");
            misses.accept(new MissReport(consumed + 1, live.kind(), expected == null ? -1 : consumed,
                    expected == null ? null : expected.kind(), List.of(), null, text));
            byte[] close = closeFrame(POLICY_VIOLATION, "no recorded message matches (see the replay report)");
            transcript.bytes("< close", close);
            socket.end(Buffer.buffer(close));
        }
    }

    /** An unmasked Close frame (RFC 6455 5.5.1) with a short ASCII reason. */
    static byte[] closeFrame(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.US_ASCII);
        byte[] f = new byte[4 + r.length];
        f[0] = (byte) 0x88;
        f[1] = (byte) (2 + r.length);
        f[2] = (byte) (code >> 8);
        f[3] = (byte) code;
        System.arraycopy(r, 0, f, 4, r.length);
        return f;
    }
}
