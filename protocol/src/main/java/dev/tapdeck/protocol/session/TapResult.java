package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.wsman.DecodeProblem;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;

import java.util.List;
import java.util.Optional;

/**
 * What the WinRM tap made of one HTTP body.
 *
 * @param kind       how the body was handled
 * @param envelope   the summary, when the body was a readable envelope
 * @param problems   decode problems (malformed XML, DTD, limits, invalid base64)
 * @param violations rule occurrences of every severity
 * @param blockedBy  the occurrence the policy blocks on (requests only); empty means forward
 */
public record TapResult(BodyKind kind, WsmanEnvelope envelope, List<DecodeProblem> problems,
                        List<Violation> violations, Optional<Violation> blockedBy) {
    public TapResult {
        problems = List.copyOf(problems);
        violations = List.copyOf(violations);
    }

    public Optional<WsmanEnvelope> parsed() {
        return Optional.ofNullable(envelope);
    }

    public boolean blocked() {
        return blockedBy.isPresent();
    }
}
