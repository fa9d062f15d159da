package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.wsman.DecodeProblem;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;

import java.util.List;
import java.util.Optional;

/**
 * What the WinRM tap made of one HTTP body.
 *
 * @param kind         how the body was handled
 * @param envelope     the summary, when the body was a readable envelope
 * @param problems     decode problems (malformed XML, DTD, limits, invalid base64)
 * @param violations   rule occurrences of every severity
 * @param blockedBy    the occurrence the policy blocks on (requests only); empty means forward
 * @param psrpMessages the PSRP messages completed by this body, in wire order (PowerShell shells only)
 * @param audits       the commands this body ended (responses only): one audit record each
 * @param correlation  what the response needs from this request; hand the result back to the tap
 */
public record TapResult(BodyKind kind, WsmanEnvelope envelope, List<DecodeProblem> problems,
                        List<Violation> violations, Optional<Violation> blockedBy,
                        List<PsrpMessageDecoded> psrpMessages, List<AuditRecord> audits, Correlation correlation) {
    public TapResult {
        problems = List.copyOf(problems);
        violations = List.copyOf(violations);
        psrpMessages = List.copyOf(psrpMessages);
        audits = List.copyOf(audits);
        correlation = correlation == null ? Correlation.NONE : correlation;
    }

    /** A result without PSRP messages or audit records. */
    public TapResult(BodyKind kind, WsmanEnvelope envelope, List<DecodeProblem> problems,
                     List<Violation> violations, Optional<Violation> blockedBy) {
        this(kind, envelope, problems, violations, blockedBy, List.of(), List.of(), Correlation.NONE);
    }

    public Optional<WsmanEnvelope> parsed() {
        return Optional.ofNullable(envelope);
    }

    public boolean blocked() {
        return blockedBy.isPresent();
    }
}
