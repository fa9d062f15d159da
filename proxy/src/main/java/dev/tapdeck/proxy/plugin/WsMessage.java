package dev.tapdeck.proxy.plugin;

import dev.tapdeck.protocol.ws.FrameHeader;
import dev.tapdeck.protocol.ws.MessageType;

import java.util.List;

/**
 * One WebSocket data message (RFC 6455 5.6) with the frames that carried it.
 *
 * @param sessionId  the proxy session (client connection)
 * @param fromClient true for client-to-server
 * @param index      number of the message in its direction, from 0
 * @param type       text or binary
 * @param compressed permessage-deflate was used ({@code data} is inflated)
 * @param size       application bytes of the whole message
 * @param data       the message, or its first bytes when {@code complete} is false (a limit stopped assembly)
 * @param complete   {@code data} holds the whole message
 * @param frames     the data frames of the message, in order (control frames between them are not listed)
 */
public record WsMessage(String sessionId, boolean fromClient, long index, MessageType type, boolean compressed,
                        long size, byte[] data, boolean complete, List<FrameHeader> frames) {
    public WsMessage {
        data = data == null ? new byte[0] : data.clone();
        frames = List.copyOf(frames);
    }

    /** The message as text (UTF-8), for text messages. */
    public String text() {
        return new String(data, java.nio.charset.StandardCharsets.UTF_8);
    }
}
