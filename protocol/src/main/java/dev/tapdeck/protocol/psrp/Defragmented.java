package dev.tapdeck.protocol.psrp;

import dev.tapdeck.protocol.rules.Violation;
import java.util.List;

/** What one call to a {@link Defragmenter} produced: events in order, and the rules the fragments broke. */
public record Defragmented(List<DefragmentEvent> events, List<Violation> violations) {
    public static final Defragmented NOTHING = new Defragmented(List.of(), List.of());

    public Defragmented {
        events = List.copyOf(events);
        violations = List.copyOf(violations);
    }

    /** Only the messages that were completed. */
    public List<DefragmentEvent.MessageAssembled> messages() {
        return only(DefragmentEvent.MessageAssembled.class);
    }

    /** Only the reassemblies that were abandoned. */
    public List<DefragmentEvent.ReassemblyDropped> drops() {
        return only(DefragmentEvent.ReassemblyDropped.class);
    }

    private <T extends DefragmentEvent> List<T> only(Class<T> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
