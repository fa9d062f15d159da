package dev.tapdeck.protocol.ws;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Outstanding pings of one connection, shared by its two {@link FrameDecoder}s: a pong travels the
 * other way from the ping it answers (RFC 6455 5.5.3, notes PP-2). Bounded: the oldest ping is forgotten
 * first. Synchronized because the two directions may be fed from different threads.
 */
public final class PingLedger {

    /** How a pong relates to the other side's pings. */
    public enum PongMatch {
        /** Echoes an outstanding ping (that ping and any older one count as answered). */
        ANSWERS_PING,
        /** No ping was outstanding, or the pong is empty: a legal unidirectional heartbeat (5.5.3). */
        UNSOLICITED,
        /** Pings were outstanding and the pong echoes none of them (PP-2 warning). */
        MISMATCH
    }

    private final int maxOutstanding;
    private final Map<Direction, ArrayDeque<byte[]>> outstanding = new EnumMap<>(Direction.class);

    public PingLedger(int maxOutstanding) {
        this.maxOutstanding = maxOutstanding;
        for (Direction d : Direction.values()) {
            outstanding.put(d, new ArrayDeque<>());
        }
    }

    /** Remembers a ping sent by {@code sender}; the array is kept, not copied. */
    public synchronized void pingSent(Direction sender, byte[] payload) {
        if (maxOutstanding == 0) {
            return;
        }
        ArrayDeque<byte[]> pings = outstanding.get(sender);
        if (pings.size() == maxOutstanding) {
            pings.removeFirst();
        }
        pings.addLast(payload);
    }

    /** Matches a pong sent by {@code sender} against the pings of the other side. */
    public synchronized PongMatch pongSent(Direction sender, byte[] payload) {
        ArrayDeque<byte[]> pings = outstanding.get(sender.opposite());
        // RFC 6455 5.5.3: an endpoint may answer only the most recent ping, so search from the newest
        Iterator<byte[]> newestFirst = pings.descendingIterator();
        while (newestFirst.hasNext()) {
            if (Arrays.equals(newestFirst.next(), payload)) {
                newestFirst.remove();
                while (newestFirst.hasNext()) {
                    newestFirst.next();
                    newestFirst.remove();
                }
                return PongMatch.ANSWERS_PING;
            }
        }
        // notes §2: an empty unsolicited pong is a heartbeat and is never matched as an error
        return pings.isEmpty() || payload.length == 0 ? PongMatch.UNSOLICITED : PongMatch.MISMATCH;
    }

    public synchronized int outstanding(Direction sender) {
        return outstanding.get(sender).size();
    }
}
