package dev.tapdeck.recorder;

import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.session.AuditRecord;
import dev.tapdeck.protocol.ws.BufferType;
import dev.tapdeck.protocol.ws.MessageType;

import java.util.List;

/**
 * The live stream of what the proxy saw: the recorder writes it, the console prints it, the dashboards
 * read it. Every event belongs to one session (one client connection) and carries its sequence number
 * and monotonic time offset from the session start (design principle 4).
 */
public sealed interface TapEvent {
    String sessionId();

    long seq();

    long offsetNanos();

    /**
     * A client connected and the route chose its upstream.
     *
     * @param redaction the redaction kinds in force (FORMAT.md, "Redaction"), empty when not redacted or not said
     */
    record SessionStarted(String sessionId, long seq, long offsetNanos, String protocol, String listener,
                          String client, String upstream, long startedAtEpochMillis, String tapdeckVersion,
                          boolean redacted, List<String> redaction, boolean upstreamInsecure) implements TapEvent {
        public SessionStarted {
            redaction = redaction == null ? List.of() : List.copyOf(redaction);
        }

        /** A session without redaction kinds listed, whose upstream is plain or verified TLS. */
        public SessionStarted(String sessionId, long seq, long offsetNanos, String protocol, String listener, String client,
                              String upstream, long startedAtEpochMillis, String tapdeckVersion, boolean redacted) {
            this(sessionId, seq, offsetNanos, protocol, listener, client, upstream, startedAtEpochMillis, tapdeckVersion,
                    redacted, List.of(), false);
        }

        /** A session whose upstream is plain or verified TLS. */
        public SessionStarted(String sessionId, long seq, long offsetNanos, String protocol, String listener, String client,
                              String upstream, long startedAtEpochMillis, String tapdeckVersion, boolean redacted,
                              List<String> redaction) {
            this(sessionId, seq, offsetNanos, protocol, listener, client, upstream, startedAtEpochMillis, tapdeckVersion,
                    redacted, redaction, false);
        }
    }

    /**
     * One HTTP message crossed the proxy (or was stopped by it).
     *
     * @param exchange   number of the request/response pair within the session, from 1
     * @param body       the raw body bytes as they crossed the wire
     * @param annotation decoded summary (Jackson-serialisable), null when nothing was decoded
     * @param verdict    what the proxy did with it
     * @param plaintext  the decrypted content of a multipart/encrypted body (NTLM sealing, [MS-WSMV] 2.2.9.1),
     *                   null when the body was not encrypted or could not be decrypted; redacted like a body
     */
    record HttpMessageCaptured(String sessionId, long seq, long offsetNanos, int exchange, Direction direction,
                               HttpHead head, byte[] body, Object annotation, List<Violation> violations,
                               Verdict verdict, byte[] plaintext) implements TapEvent {
        public HttpMessageCaptured {
            violations = List.copyOf(violations);
        }

        /** A message without decrypted plaintext. */
        public HttpMessageCaptured(String sessionId, long seq, long offsetNanos, int exchange, Direction direction,
                                   HttpHead head, byte[] body, Object annotation, List<Violation> violations,
                                   Verdict verdict) {
            this(sessionId, seq, offsetNanos, exchange, direction, head, body, annotation, violations, verdict, null);
        }
    }

    /** Something went wrong at the transport level: upstream unreachable or reset, body over the limit. */
    record TransportFailed(String sessionId, long seq, long offsetNanos, int exchange, String what, String detail)
            implements TapEvent {
    }

    /**
     * A command run through the proxy ended (or was cut short): its audit record, with when and where.
     *
     * @param atEpochMillis wall-clock time the record was made (injected clock)
     * @param upstream      the target the command ran on
     * @param record        which command, arguments, input, endpoint, requester and outcome
     */
    record CommandAudited(String sessionId, long seq, long offsetNanos, long atEpochMillis, String upstream,
                          AuditRecord record) implements TapEvent {
    }

    /** The client connection closed; the session is over. */
    record SessionEnded(String sessionId, long seq, long offsetNanos, String reason, int exchanges,
                        long bytesFromClient, long bytesFromServer, java.util.Map<String, Long> redactions)
            implements TapEvent {
        /** @param redactions how often each redaction kind was applied, by its JSON name (never a value) */
        public SessionEnded {
            redactions = redactions == null ? java.util.Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(redactions));
        }

        public SessionEnded(String sessionId, long seq, long offsetNanos, String reason, int exchanges,
                            long bytesFromClient, long bytesFromServer) {
            this(sessionId, seq, offsetNanos, reason, exchanges, bytesFromClient, bytesFromServer, java.util.Map.of());
        }
    }

    // ---- WebSocket (RFC 6455): the handshake, then what each direction carried -------------------------

    /**
     * The opening handshake crossed the proxy (or was answered by it).
     *
     * @param exchange     number of the request/response pair within the session, from 1
     * @param request      the upgrade request as relayed (redacted)
     * @param response     the upstream's answer as relayed, or the proxy's own (redacted)
     * @param responseBody body of a refusal (any status but 101), empty otherwise
     * @param upgraded     a 101 went to the client: frames follow in both directions
     * @param subprotocol  the server's Sec-WebSocket-Protocol, null when none
     * @param extensions   the server's Sec-WebSocket-Extensions elements, in order
     * @param violations   rule occurrences of request and response (RFC 6455 4, RFC 7692 7)
     */
    record WsHandshakeRelayed(String sessionId, long seq, long offsetNanos, int exchange, HttpHead request,
                              HttpHead response, byte[] responseBody, boolean upgraded, String subprotocol,
                              List<String> extensions, List<Violation> violations, Verdict verdict)
            implements TapEvent {
        public WsHandshakeRelayed {
            extensions = List.copyOf(extensions);
            violations = List.copyOf(violations);
        }
    }

    /**
     * One read of one direction after the 101, byte for byte: the chunk boundaries of the recording are
     * those of the wire (design principle 4).
     *
     * @param streamOffset offset of the first byte in the direction's stream (bytes since the 101)
     * @param forwardedTo  stream offset up to which bytes had gone out once this chunk was handled; less
     *                     than {@code streamOffset + bytes.length} while an enforcing proxy holds bytes back
     */
    record WsChunkRelayed(String sessionId, long seq, long offsetNanos, Direction direction, long streamOffset,
                          byte[] bytes, long forwardedTo) implements TapEvent {
    }

    /** A whole frame went by (RFC 6455 5.2); {@code bufferType} is its WebSocketSend label. */
    record WsFrameDecoded(String sessionId, long seq, long offsetNanos, Direction direction, long frameIndex,
                          long frameOffset, boolean fin, int rsv, int opcode, boolean masked, long payloadLength,
                          BufferType bufferType) implements TapEvent {
    }

    /**
     * A data message ended. Only a bounded preview is kept: the raw chunks hold the whole message.
     *
     * @param size       application bytes (inflated when compressed)
     * @param text       start of a text message, null for binary
     * @param hexPreview first bytes of a binary message in hex, null for text
     * @param truncated  the preview is shorter than the message
     */
    record WsMessageAssembled(String sessionId, long seq, long offsetNanos, Direction direction, long frameIndex,
                              MessageType type, boolean compressed, long size, String text, String hexPreview,
                              boolean truncated) implements TapEvent {
    }

    /** A Close frame (RFC 6455 5.5.1); {@code code} is null for an empty body. */
    record WsCloseReceived(String sessionId, long seq, long offsetNanos, Direction direction, long frameIndex,
                           Integer code, String reason) implements TapEvent {
    }

    /**
     * A rule occurrence in a direction's frames.
     *
     * @param frameOffset where the offending frame starts in the stream
     * @param byteOffset  the byte whose arrival made the occurrence certain
     * @param blocking    the policy enforces it (see {@link WsPolicyEnforced})
     */
    record WsViolationFound(String sessionId, long seq, long offsetNanos, Direction direction, long frameIndex,
                            long frameOffset, long byteOffset, Violation violation, boolean blocking)
            implements TapEvent {
    }

    /** The tap stopped decoding a direction (a connection-failing violation or a limit); bytes still flow. */
    record WsDecodingStopped(String sessionId, long seq, long offsetNanos, Direction direction, long frameIndex,
                             long byteOffset, String reason) implements TapEvent {
    }

    /**
     * A direction's byte stream ended (its sender closed the TCP connection).
     *
     * @param bytes     bytes the direction carried
     * @param midFrame  a frame was cut short (RFC 6455 7.1.5: an abnormal closure, 1006)
     * @param forwarded bytes that went out (less than {@code bytes} when the proxy held some back)
     */
    record WsDirectionEnded(String sessionId, long seq, long offsetNanos, Direction direction, long bytes,
                            boolean midFrame, boolean messageOpen, long forwarded) implements TapEvent {
    }

    /**
     * Enforce mode failed the WebSocket connection (RFC 6455 7.1.7): the offending bytes were not relayed
     * and each side got a Close frame at a frame boundary, or its TCP connection was dropped.
     *
     * @param offender      the direction whose frame broke the rule
     * @param closeCode     1002 (protocol error) or 1007 (invalid UTF-8)
     * @param closeToServer the masked Close frame written toward the server, null when dropped
     * @param closeToClient the unmasked Close frame written toward the client, null when dropped
     */
    record WsPolicyEnforced(String sessionId, long seq, long offsetNanos, Direction offender, Violation violation,
                            int closeCode, WsOutcome towardServer, WsOutcome towardClient, byte[] closeToServer,
                            byte[] closeToClient) implements TapEvent {
    }

    /**
     * A plug-in decided on what it was shown: one object of a Send, a Command, or a WebSocket message.
     *
     * @param exchange    the WinRM exchange, 0 for a WebSocket message
     * @param subject     what it was shown, e.g. {@code Send shell=… command=… stream=stdin object 1/1 NO_MORE_DATA}
     * @param code        the WSManFault Code the client got (vetoes and failures of WinRM requests), else null
     * @param reason      the plug-in's message, or what went wrong; null when it passed
     * @param waitedNanos how long the proxy held the message for this decision
     */
    record PluginDecided(String sessionId, long seq, long offsetNanos, int exchange, String plugin, String subject,
                         PluginOutcome outcome, Long code, String reason, long waitedNanos) implements TapEvent {
    }

    /** How a plug-in call ended. */
    enum PluginOutcome {
        /** Completed normally: the message went on. */
        PASSED,
        /** Completed with a veto: the message was refused (a WS-Man fault, or a WebSocket Close 1008). */
        VETOED,
        /** Threw or completed with an error other than a veto: refused, the failure is recorded. */
        FAILED,
        /** Did not complete within the time limit: refused as a failure. */
        TIMED_OUT
    }

    /** What an enforcing proxy did to one side of a WebSocket. */
    enum WsOutcome {
        /** A Close frame was written at a frame boundary, then the TCP connection closed. */
        CLOSE_SENT,
        /** A frame was partly relayed in that direction: no Close could be injected, the connection was dropped. */
        CONNECTION_DROPPED
    }

    /** What the proxy did with a message. */
    enum Verdict {
        /** Relayed unchanged. */
        FORWARDED,
        /** Stopped by the policy: the client was answered by the proxy, the upstream never saw it. */
        BLOCKED,
        /** Answered by the proxy itself (413, 502, an enforce-mode fault). */
        SYNTHESIZED
    }
}
