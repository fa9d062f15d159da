package dev.tapdeck.protocol.rules;

/**
 * One entry of the rule catalogue: rules are data (design principle 3). Each protocol has an enum
 * implementing this interface ({@code WsmanRule}, {@code PsrpRule}, {@code WsRule}).
 */
public interface Rule {
    /** Stable identifier, {@code <Protocol>Rule.UPPER_SNAKE}, e.g. {@code WsmanRule.SEND_OUTSTANDING}. */
    String id();

    /** Section, severity and description of the rule. */
    RuleText text();

    /** The specification section the rule comes from, e.g. {@code MS-WSMV 3.1.4.13}. */
    default String section() {
        return text().section();
    }

    default Severity severity() {
        return text().severity();
    }

    /** One line that says what the rule requires. */
    default String description() {
        return text().description();
    }
}
