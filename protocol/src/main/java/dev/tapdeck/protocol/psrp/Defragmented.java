package dev.tapdeck.protocol.psrp;

import dev.tapdeck.protocol.rules.Violation;
import java.util.ArrayList;
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
        List<DefragmentEvent.MessageAssembled> out = new ArrayList<>();
        for (DefragmentEvent e : events) {
            if (e instanceof DefragmentEvent.MessageAssembled m) {
                out.add(m);
            }
        }
        return out;
    }

    /** Only the reassemblies that were abandoned. */
    public List<DefragmentEvent.ReassemblyDropped> drops() {
        List<DefragmentEvent.ReassemblyDropped> out = new ArrayList<>();
        for (DefragmentEvent e : events) {
            if (e instanceof DefragmentEvent.ReassemblyDropped d) {
                out.add(d);
            }
        }
        return out;
    }
}
