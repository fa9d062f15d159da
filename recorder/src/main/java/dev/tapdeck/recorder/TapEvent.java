package dev.tapdeck.recorder;

import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.session.AuditRecord;

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

    /** A client connected and the route chose its upstream. */
    record SessionStarted(String sessionId, long seq, long offsetNanos, String protocol, String listener,
                          String client, String upstream, long startedAtEpochMillis, String tapdeckVersion,
                          boolean redacted) implements TapEvent {
    }

    /**
     * One HTTP message crossed the proxy (or was stopped by it).
     *
     * @param exchange   number of the request/response pair within the session, from 1
     * @param body       the raw body bytes as they crossed the wire
     * @param annotation decoded summary (Jackson-serialisable), null when nothing was decoded
     * @param verdict    what the proxy did with it
     */
    record HttpMessageCaptured(String sessionId, long seq, long offsetNanos, int exchange, Direction direction,
                               HttpHead head, byte[] body, Object annotation, List<Violation> violations,
                               Verdict verdict) implements TapEvent {
        public HttpMessageCaptured {
            violations = List.copyOf(violations);
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
                        long bytesFromClient, long bytesFromServer) implements TapEvent {
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
