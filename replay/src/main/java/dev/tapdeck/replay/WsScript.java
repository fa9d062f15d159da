package dev.tapdeck.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.protocol.ws.ExtensionsInUse;
import dev.tapdeck.protocol.ws.FrameDecoder;
import dev.tapdeck.protocol.ws.HandshakeChecker;
import dev.tapdeck.protocol.ws.HandshakeRequest;
import dev.tapdeck.protocol.ws.HandshakeResponse;
import dev.tapdeck.protocol.ws.HeaderFields;
import dev.tapdeck.protocol.ws.WsEvent;
import dev.tapdeck.protocol.ws.WsLimits;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.HttpHead;
import dev.tapdeck.recorder.RecordingReader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recorded WebSocket session, ready to play as the server: the handshake, what the client sent as
 * comparable units (messages and control frames) and the server's frames, each with the number of client
 * units that had arrived when the server sent it (from the order of the recording's {@code ws-chunk} lines).
 *
 * @param request     the recorded upgrade request
 * @param response    the recorded 101
 * @param subprotocol the negotiated subprotocol, null when none
 * @param extensions  the response's Sec-WebSocket-Extensions elements
 * @param clientUnits what the client sent, in order
 * @param serverFrames the server's frames, byte for byte, in order
 */
public record WsScript(HttpHead request, HttpHead response, String subprotocol, List<String> extensions,
                       ExtensionsInUse extensionsInUse, List<WsUnit> clientUnits, List<ServerFrame> serverFrames) {

    /** One server frame as recorded, sent once {@code afterClientUnits} client units have arrived. */
    public record ServerFrame(byte[] bytes, int afterClientUnits) {
    }

    public static WsScript of(RecordingReader.Recording rec) {
        JsonNode hs = rec.ofType("ws-handshake").stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("a websocket recording without a ws-handshake line"));
        HttpHead request = TapdeckRecordings.head(hs.path("request"));
        HttpHead response = TapdeckRecordings.head(hs.path("response"));
        List<String> extensions = new ArrayList<>();
        hs.path("extensions").forEach(e -> extensions.add(e.asText()));
        ExtensionsInUse inUse = negotiated(request, response);

        byte[] c2s = rec.wsBytes(Direction.CLIENT_TO_SERVER);
        byte[] s2c = rec.wsBytes(Direction.SERVER_TO_CLIENT);
        List<long[]> clientFrames = frames(c2s, dev.tapdeck.protocol.ws.Direction.CLIENT_TO_SERVER, inUse);
        List<WsUnit> units = new ArrayList<>();
        List<Long> unitEnds = new ArrayList<>();
        try (FrameDecoder d = new FrameDecoder(dev.tapdeck.protocol.ws.Direction.CLIENT_TO_SERVER, inUse, WsLimits.DEFAULT)) {
            for (long[] f : clientFrames) {
                for (WsEvent e : d.feed(c2s, (int) f[0], (int) (f[1] - f[0]))) {
                    WsUnit u = WsUnit.of(e);
                    if (u != null) {
                        units.add(u);
                        unitEnds.add(f[1]);
                    }
                }
            }
        }
        // when each server frame was complete on the wire, and how much the client had sent by then
        List<ServerFrame> serverFrames = new ArrayList<>();
        List<long[]> frames = frames(s2c, dev.tapdeck.protocol.ws.Direction.SERVER_TO_CLIENT, inUse);
        long c2sSoFar = 0;
        long s2cSoFar = 0;
        int next = 0;
        for (JsonNode chunk : rec.ofType("ws-chunk")) {
            int len = Base64.getDecoder().decode(chunk.path("data").asText("")).length;
            if ("c2s".equals(chunk.path("dir").asText())) {
                c2sSoFar += len;
                continue;
            }
            s2cSoFar += len;
            while (next < frames.size() && frames.get(next)[1] <= s2cSoFar) {
                long[] f = frames.get(next++);
                serverFrames.add(new ServerFrame(Arrays.copyOfRange(s2c, (int) f[0], (int) f[1]), unitsBy(unitEnds, c2sSoFar)));
            }
        }
        return new WsScript(request, response, hs.path("subprotocol").isMissingNode() ? null : hs.path("subprotocol").asText(),
                extensions, inUse, units, serverFrames);
    }

    private static int unitsBy(List<Long> unitEnds, long offset) {
        int n = 0;
        while (n < unitEnds.size() && unitEnds.get(n) <= offset) {
            n++;
        }
        return n;
    }

    /** What the recorded handshake agreed, for the frame decoders (permessage-deflate). */
    static ExtensionsInUse negotiated(HttpHead request, HttpHead response) {
        return HandshakeChecker.check(new HandshakeRequest(request.method(), request.version(), fields(request)),
                new HandshakeResponse(response.status(), response.version(), fields(response))).extensionsInUse();
    }

    static HeaderFields fields(HttpHead head) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : head.headers()) {
            map.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        return HeaderFields.of(map);
    }

    /** Start and end offset of each whole frame of one direction's bytes (a cut last frame is left out). */
    private static List<long[]> frames(byte[] bytes, dev.tapdeck.protocol.ws.Direction direction, ExtensionsInUse inUse) {
        List<Long> starts = new ArrayList<>();
        try (FrameDecoder d = new FrameDecoder(direction, inUse, WsLimits.DEFAULT)) {
            for (WsEvent e : d.feed(bytes, 0, bytes.length)) {
                if (e instanceof WsEvent.FrameDecoded f) {
                    starts.add(f.frameOffset());
                }
            }
            // the frame after the last decoded one starts at the end of it: find it from the next header, else the end
            List<long[]> out = new ArrayList<>();
            for (int i = 0; i < starts.size(); i++) {
                long end = i + 1 < starts.size() ? starts.get(i + 1) : lastFrameEnd(bytes, starts.get(i));
                if (end <= bytes.length) {
                    out.add(new long[]{starts.get(i), end});
                }
            }
            return out;
        }
    }

    /** End of the frame starting at {@code start} (RFC 6455 5.2 header: 7-bit, 16-bit or 64-bit length, mask). */
    static long lastFrameEnd(byte[] b, long start) {
        int p = (int) start;
        int len7 = b[p + 1] & 0x7F;
        boolean masked = (b[p + 1] & 0x80) != 0;
        long header = 2;
        long len = len7;
        if (len7 == 126) {
            len = ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            header += 2;
        } else if (len7 == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) {
                len = (len << 8) | (b[p + 2 + i] & 0xFF);
            }
            header += 8;
        }
        return start + header + (masked ? 4 : 0) + len;
    }
}
