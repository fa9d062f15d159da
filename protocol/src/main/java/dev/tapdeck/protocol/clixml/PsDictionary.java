package dev.tapdeck.protocol.clixml;

import java.util.List;
import java.util.Objects;

/** Contents of a {@code <DCT>} ([MS-PSRP] 2.2.5.2.6.4): the {@code <En>} pairs in the order sent. */
public record PsDictionary(List<Entry> entries) implements PsValue {
    /** One {@code <En>}: the value named {@code Key} and the value named {@code Value}. */
    public record Entry(PsValue key, PsValue value) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    public PsDictionary {
        entries = List.copyOf(entries);
    }
}
