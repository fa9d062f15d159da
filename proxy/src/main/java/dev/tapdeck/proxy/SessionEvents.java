package dev.tapdeck.proxy;

import dev.tapdeck.recorder.TapEvent;

import java.util.function.LongFunction;

/**
 * Where the tap's event builders put what they made for one session: the live proxy's client connection
 * (sequence numbers and a monotonic clock), or a recording being decoded again ({@code tapdeck recompute},
 * {@code tapdeck inspect}), whose time offsets come from the recorded raw lines.
 */
public interface SessionEvents {
    String sessionId();

    /** Nanoseconds since the session started, for the next event. */
    long offset();

    /** Builds the next event with its sequence number and hands it on. */
    void emit(LongFunction<TapEvent> event);
}
