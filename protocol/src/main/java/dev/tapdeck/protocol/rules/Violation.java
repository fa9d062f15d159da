package dev.tapdeck.protocol.rules;

import java.util.Objects;

/**
 * One occurrence of a rule in the traffic (whatever its severity: violations, warnings and notices are
 * all reported through this record).
 *
 * @param rule    the catalogue entry
 * @param subject what it is about, e.g. {@code shell 0D6F…/command 1A2B…} (never null, may be empty)
 * @param detail  a human sentence with the concrete values seen
 */
public record Violation(Rule rule, String subject, String detail) {
    public Violation {
        Objects.requireNonNull(rule, "rule");
        subject = subject == null ? "" : subject;
        detail = detail == null ? "" : detail;
    }

    public Severity severity() {
        return rule.severity();
    }

    @Override
    public String toString() {
        return rule.id() + " [" + rule.severity() + ", " + rule.section() + "] "
                + (subject.isEmpty() ? "" : subject + ": ") + detail;
    }
}
