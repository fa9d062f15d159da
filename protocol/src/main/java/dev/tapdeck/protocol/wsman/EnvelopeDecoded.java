package dev.tapdeck.protocol.wsman;

import java.util.List;

/** What the envelope reader returns for one body: a summary, or the reason there is none. */
public sealed interface EnvelopeDecoded {

    /** The body parsed; {@code problems} lists what was wrong inside it (e.g. invalid base64 in a stream). */
    record EnvelopeParsed(WsmanEnvelope envelope, List<DecodeProblem> problems) implements EnvelopeDecoded {
        public EnvelopeParsed {
            problems = List.copyOf(problems);
        }
    }

    /** The body is not a readable WS-Man envelope (malformed, hostile, over a limit). */
    record EnvelopeRejected(DecodeProblem problem) implements EnvelopeDecoded {
    }
}
