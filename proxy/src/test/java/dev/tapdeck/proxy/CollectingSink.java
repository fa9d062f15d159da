package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.recorder.EventSink;
import dev.tapdeck.recorder.TapEvent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event, for assertions. */
final class CollectingSink implements EventSink {
    final List<TapEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void accept(TapEvent event) {
        events.add(event);
    }

    List<TapEvent.HttpMessageCaptured> messages() {
        return events.stream().filter(e -> e instanceof TapEvent.HttpMessageCaptured)
                .map(e -> (TapEvent.HttpMessageCaptured) e).toList();
    }

    List<Violation> violations() {
        return messages().stream().flatMap(m -> m.violations().stream()).toList();
    }

    List<String> ruleIds() {
        return violations().stream().map(v -> v.rule().id()).toList();
    }

    <T extends TapEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
