package dev.tapdeck.protocol.psrp.view;

import dev.tapdeck.protocol.clixml.PsNil;
import dev.tapdeck.protocol.clixml.PsObject;
import dev.tapdeck.protocol.clixml.PsPrimitive;
import dev.tapdeck.protocol.clixml.PsValue;
import dev.tapdeck.protocol.clixml.PsValueRenderer;
import dev.tapdeck.protocol.clixml.PsValues;
import java.util.Objects;

/**
 * One Command Parameter ([MS-PSRP] 2.2.3.13).
 *
 * @param name  {@code N}: the parameter name, or null for a positional argument ({@code <Nil N="N"/>})
 * @param value {@code V}: any value; a SecureString stays opaque; Nil for a switch given by name alone
 */
public record CommandArgument(String name, PsValue value) {
    public CommandArgument {
        Objects.requireNonNull(value, "value");
    }

    public boolean positional() {
        return name == null;
    }

    /** The value as one bounded line ({@code <SecureString>} for SecureStrings). */
    public String valueText(int maxChars) {
        return PsValueRenderer.render(value, maxChars);
    }

    /**
     * As it would be typed: {@code -Name value}, {@code -Switch} for a named Nil, the value alone when
     * positional; values with spaces in single quotes.
     */
    public String render(int maxValueChars) {
        if (!positional() && value instanceof PsNil) {
            return "-" + name;
        }
        String text = valueText(maxValueChars);
        boolean string = value instanceof PsPrimitive || value instanceof PsObject && PsValues.string(value) != null;
        if (string && (text.isEmpty() || text.chars().anyMatch(Character::isWhitespace))) {
            text = "'" + text.replace("'", "''") + "'";
        }
        return positional() ? text : "-" + name + " " + text;
    }

    static CommandArgument from(PsObject o) {
        PsValue v = o.property("V");
        return new CommandArgument(PsValues.string(o.property("N")), v == null ? PsNil.INSTANCE : v);
    }
}
