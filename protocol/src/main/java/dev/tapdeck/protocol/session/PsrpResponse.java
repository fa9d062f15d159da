package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.wsman.DecodeProblem;

import java.util.ArrayList;
import java.util.List;

/** What the PSRP layer made of one response: messages, rule occurrences, decode problems, finished commands. */
final class PsrpResponse {
    final List<DecodedMessage> decoded = new ArrayList<>();
    final List<Violation> violations = new ArrayList<>();
    final List<DecodeProblem> problems = new ArrayList<>();
    final List<AuditRecord> audits = new ArrayList<>();

    List<PsrpMessageDecoded> events() {
        return decoded.stream().map(DecodedMessage::event).toList();
    }
}
