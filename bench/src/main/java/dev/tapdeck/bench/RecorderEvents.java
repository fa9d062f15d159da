package dev.tapdeck.bench;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.session.Requester;
import dev.tapdeck.protocol.session.TapResult;
import dev.tapdeck.protocol.session.WsmanTap;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.proxy.WinrmAnnotation;
import dev.tapdeck.proxy.WinrmTapEvents;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.HttpHead;
import dev.tapdeck.recorder.TapEvent;
import dev.tapdeck.samples.winrm.WsmanRequests;

import java.util.List;
import java.util.Map;
import java.util.Random;

/** Typical events of a recording, decoded by the proxy's own tap: a ~3 KB WinRM Send and a 1 KiB WebSocket chunk. */
final class RecorderEvents {
    static final String SESSION = "00000000-0000-0000-0000-000000000bench";
    static final String SHELL = "11111111-2222-3333-4444-555555555555";
    static final String COMMAND = "66666666-7777-8888-9999-AAAAAAAAAAAA";

    private RecorderEvents() {
    }

    /** The request of a Send with ~2 KB of stdin (a ~3 KB envelope once base64'd), with its decoded annotation. */
    static TapEvent.HttpMessageCaptured send(long seq) {
        byte[] stdin = new byte[2100];
        new Random(7).ints(stdin.length, 'a', 'z' + 1).forEach(new java.util.function.IntConsumer() {
            int i;

            @Override
            public void accept(int c) {
                stdin[i++] = (byte) c;
            }
        });
        byte[] body = new WsmanRequests("http://winhost:5985/wsman").send("uuid:" + COMMAND, SHELL, COMMAND, stdin, false);
        WsmanTap tap = WinrmTapEvents.newTap(new EnvelopeReader(), Policy.OBSERVE, true);
        TapResult decoded = tap.inspectRequest(WsmanRequests.CONTENT_TYPE, body, Requester.UNKNOWN);
        HttpHead head = HttpHead.request("POST", "/wsman", "HTTP/1.1", List.of(
                Map.entry("Host", "winhost:5985"), Map.entry("Content-Type", WsmanRequests.CONTENT_TYPE),
                Map.entry("Content-Length", String.valueOf(body.length)),
                Map.entry("Authorization", "Basic user=auditor <redacted 20 chars>")));
        return new TapEvent.HttpMessageCaptured(SESSION, seq, 1_000_000L * seq, 3, Direction.CLIENT_TO_SERVER, head, body,
                WinrmAnnotation.of(decoded), decoded.violations(), TapEvent.Verdict.FORWARDED);
    }

    /** One read of 1 KiB after the 101 (masked frame bytes: random-looking). */
    static TapEvent.WsChunkRelayed wsChunk(long seq) {
        byte[] bytes = new byte[1024];
        new Random(11).nextBytes(bytes);
        return new TapEvent.WsChunkRelayed(SESSION, seq, 1_000_000L * seq, Direction.CLIENT_TO_SERVER, 1024L * seq, bytes,
                1024L * seq + bytes.length);
    }
}
