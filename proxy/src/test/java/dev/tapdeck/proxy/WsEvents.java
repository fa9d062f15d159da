package dev.tapdeck.proxy;

import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.TapEvent;

import java.util.List;
import java.util.function.BooleanSupplier;

/** Queries over the WebSocket events a {@link CollectingSink} kept, and a bounded wait for the session's end. */
final class WsEvents {
    private WsEvents() {
    }

    /** Waits (at most 20 s, a guard against hangs rather than a timed assertion) for the session trailer. */
    static TapEvent.SessionEnded awaitEnd(CollectingSink sink) throws InterruptedException {
        waitUntil(() -> !sink.of(TapEvent.SessionEnded.class).isEmpty(), "the session to end");
        return sink.of(TapEvent.SessionEnded.class).get(0);
    }

    static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 2000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        if (!condition.getAsBoolean()) {
            throw new AssertionError("gave up waiting for " + what);
        }
    }

    static List<TapEvent.WsMessageAssembled> messages(CollectingSink sink, Direction d) {
        return sink.of(TapEvent.WsMessageAssembled.class).stream().filter(m -> m.direction() == d).toList();
    }

    static List<TapEvent.WsFrameDecoded> frames(CollectingSink sink, Direction d) {
        return sink.of(TapEvent.WsFrameDecoded.class).stream().filter(f -> f.direction() == d).toList();
    }

    static List<String> ruleIds(CollectingSink sink) {
        return sink.of(TapEvent.WsViolationFound.class).stream().map(v -> v.violation().rule().id()).toList();
    }
}
