package dev.tapdeck.protocol.clixml;

import java.util.Objects;

/**
 * One adapted ({@code <Props>}) or extended ({@code <MS>}) property: the {@code N} attribute, decoded per
 * [MS-PSRP] 2.2.5.3.1, and its value. A nested property set ({@code <MS N="…">}) is a property whose value
 * is a {@link PsObject} holding only extended properties.
 */
public record PsProperty(String name, PsValue value) {
    public PsProperty {
        Objects.requireNonNull(value, "value");
    }
}
