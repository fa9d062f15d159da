package dev.tapdeck.protocol.clixml;

import java.util.List;

/** Contents of a known container other than a dictionary ([MS-PSRP] 2.2.5.2.6.1 to 2.2.5.2.6.3). */
public record PsCollection(Kind kind, List<PsValue> items) implements PsValue {
    /** The container element. */
    public enum Kind {
        /** {@code <STK>}: elements from the topmost. */
        STACK("STK"),
        /** {@code <QUE>}: elements from the first. */
        QUEUE("QUE"),
        /** {@code <LST>}: an ordered list. */
        LIST("LST"),
        /** {@code <IE>}: the alternative element for a list. */
        ENUMERABLE("IE");

        private final String element;

        Kind(String element) {
            this.element = element;
        }

        public String element() {
            return element;
        }

        /** The kind for an element name, or null. */
        public static Kind fromElement(String name) {
            for (Kind k : values()) {
                if (k.element.equals(name)) {
                    return k;
                }
            }
            return null;
        }
    }

    public PsCollection {
        items = List.copyOf(items);
    }
}
