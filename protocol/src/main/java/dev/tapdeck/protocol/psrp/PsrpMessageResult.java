package dev.tapdeck.protocol.psrp;

import dev.tapdeck.protocol.rules.Violation;
import java.util.List;

/** What {@link PsrpMessageCodec#decode} returns for one reassembled message. */
public sealed interface PsrpMessageResult {

    /** The header was read; {@code violations} lists the header rules it broke (the message is still usable). */
    record MessageDecoded(PsrpMessage message, List<Violation> violations) implements PsrpMessageResult {
        public MessageDecoded {
            violations = List.copyOf(violations);
        }
    }

    /** The bytes cannot hold a PSRP message (shorter than the 40-byte header). */
    record MessageRejected(Violation violation, int length) implements PsrpMessageResult {
    }
}
