package dev.tapdeck.protocol.rules;

/**
 * How serious an occurrence of a rule is. Design principle 3: where real Windows traffic and the spec
 * disagree, the rule is a {@link #NOTICE}, never a {@link #VIOLATION}.
 */
public enum Severity {
    /** The traffic breaks a MUST of the specification. Only these can be enforced by default. */
    VIOLATION,
    /** Suspicious or a SHOULD that was not followed; never blocks by default. */
    WARNING,
    /** A fact worth knowing (the server will discard the data, a known real-world deviation). */
    NOTICE
}
