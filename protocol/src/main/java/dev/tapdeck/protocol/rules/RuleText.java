package dev.tapdeck.protocol.rules;

import java.util.Objects;

/**
 * What a catalogue entry says: where it comes from, how serious it is, and what it requires. Each rule
 * enum holds one per constant, so the catalogues share their accessors through {@link Rule}.
 */
public record RuleText(String section, Severity severity, String description) {
    public RuleText {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(description, "description");
    }
}
