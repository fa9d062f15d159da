package dev.tapdeck.protocol.ws;

import dev.tapdeck.protocol.rules.Violation;

import java.util.OptionalInt;

/**
 * What a {@link FrameDecoder} reports for one direction. Offsets are stream offsets: bytes since the
 * first byte after the 101 response in that direction. The same input gives equal events whatever the
 * chunking (notes OB-1).
 */
public sealed interface WsEvent {

    /** Index of the frame the event belongs to, counted from 0 per direction. */
    long frameIndex();

    /**
     * A frame header is complete; none of the frame's payload has been looked at yet. Header-level
     * violations of this frame follow immediately, so an enforcing relay can hold back everything from
     * {@code frameOffset} on (notes §0.3).
     */
    record FrameHeaderParsed(long frameIndex, long frameOffset, FrameHeader header) implements WsEvent {
    }

    /** A whole frame went by. {@code bufferType} is the WebSocketSend label of the frame (notes §2). */
    record FrameDecoded(long frameIndex, long frameOffset, FrameHeader header, BufferType bufferType)
            implements WsEvent {
    }

    /**
     * A data message ended (its FIN frame went by).
     *
     * @param frameIndex the message's last frame
     * @param size       application bytes of the whole message, inflated when compressed
     * @param data       the message, or only its first bytes when {@code complete} is false (a limit
     *                   stopped the assembly, see {@link LimitExceeded})
     */
    record MessageAssembled(long frameIndex, MessageType type, boolean compressed, long size, Payload data,
                            boolean complete) implements WsEvent {
    }

    record PingReceived(long frameIndex, Payload payload) implements WsEvent {
    }

    /** {@code solicited}: the pong echoes a ping the other side sent and that was not answered yet. */
    record PongReceived(long frameIndex, Payload payload, boolean solicited) implements WsEvent {
    }

    /** A Close frame; {@code code} is empty for an empty body (RFC 6455 7.1.5 then speaks of 1005). */
    record CloseReceived(long frameIndex, OptionalInt code, String reason) implements WsEvent {
    }

    /**
     * A rule occurrence of any severity.
     *
     * @param frameOffset where the offending frame starts: bytes before it are not part of it
     * @param byteOffset  the byte whose arrival made the occurrence certain
     */
    record ViolationFound(Violation violation, long frameIndex, long frameOffset, long byteOffset)
            implements WsEvent {
        public WsRule rule() {
            return (WsRule) violation.rule();
        }
    }

    /** A configured limit was crossed at {@code byteOffset}; the limit is a policy, not a sender violation. */
    record LimitExceeded(Limit limit, long limitValue, long frameIndex, long byteOffset) implements WsEvent {
    }

    /**
     * The decoder failed the connection (RFC 6455 7.1.7: after failing, no further data is processed) and
     * ignores every later byte of this direction; {@link FrameDecoder#ignoredBytes()} counts them.
     */
    record DecodingStopped(long frameIndex, long byteOffset, String reason) implements WsEvent {
    }

    /** The direction's byte stream ended; {@code midFrame} means a frame was cut short (RFC 6455 7.1.5: 1006). */
    record StreamEnded(long frameIndex, long byteOffset, boolean midFrame, boolean messageOpen) implements WsEvent {
    }

    /** The limits of {@link WsLimits}, named as in its components. */
    enum Limit {
        MAX_MESSAGE_BYTES,
        MAX_INFLATED_MESSAGE_BYTES
    }
}
