package dev.tapdeck.protocol.clixml;

import dev.tapdeck.protocol.wsman.DecodeProblem;
import java.util.List;

/** What {@link ClixmlReader} returns for one document. */
public sealed interface ClixmlDecoded {

    /**
     * The document was read: one value for PSRP message Data, one per child for an {@code <Objs>} document.
     */
    record ClixmlParsed(List<PsValue> values) implements ClixmlDecoded {
        public ClixmlParsed {
            values = List.copyOf(values);
        }

        /** The first value (PSRP message Data holds exactly one), or null for an empty {@code <Objs>}. */
        public PsValue value() {
            return values.isEmpty() ? null : values.get(0);
        }
    }

    /** The document could not be read: malformed, hostile, over a limit, or not CLIXML. */
    record ClixmlRejected(DecodeProblem problem) implements ClixmlDecoded {
    }
}
