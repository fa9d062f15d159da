package dev.tapdeck.protocol.clixml;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A Primitive Type Object ([MS-PSRP] 2.2.5.1).
 *
 * @param type  which primitive
 * @param value the Java value; its class per {@link PrimitiveType}
 */
public record PsPrimitive(PrimitiveType type, Object value) implements PsValue {
    public PsPrimitive {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    /** A {@code <S>} value. */
    public static PsPrimitive string(String s) {
        return new PsPrimitive(PrimitiveType.STRING, s);
    }

    /** The value as text: strings as they are, numbers in decimal, byte arrays as base64. */
    public String text() {
        if (value instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        return String.valueOf(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PsPrimitive p && p.type == type && Objects.deepEquals(p.value, value);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + (value instanceof byte[] b ? Arrays.hashCode(b) : value.hashCode());
    }

    /** Shows the type and size only: values may be arguments or passwords typed as plain strings. */
    @Override
    public String toString() {
        int size = value instanceof byte[] b ? b.length : text().length();
        return "PsPrimitive[" + type.element() + ", " + size + (value instanceof byte[] ? " bytes" : " chars") + "]";
    }
}
