package dev.tapdeck.protocol.clixml;

import java.util.List;

/**
 * A Complex Object {@code <Obj>} ([MS-PSRP] 2.2.5.2.2).
 *
 * @param refId              the RefId attribute, or null
 * @param typeNames          from {@code <TN>} or the {@code <TNRef>} it resolves to, most specific first; empty when none
 * @param toStringValue      the {@code <ToString>} text, decoded; null when absent
 * @param content            what the object wraps: a primitive value (Extended Primitive Object or enum,
 *                           2.2.5.2.5, 2.2.5.2.7), a {@link PsCollection} or {@link PsDictionary} (known
 *                           containers, 2.2.5.2.6); null when none
 * @param adaptedProperties  {@code <Props>} (2.2.5.2.8), in the order sent
 * @param extendedProperties {@code <MS>} (2.2.5.2.9), in the order sent
 */
public record PsObject(String refId, List<String> typeNames, String toStringValue, PsValue content,
                       List<PsProperty> adaptedProperties, List<PsProperty> extendedProperties) implements PsValue {

    public PsObject {
        typeNames = List.copyOf(typeNames);
        adaptedProperties = List.copyOf(adaptedProperties);
        extendedProperties = List.copyOf(extendedProperties);
    }

    /** The value of a property by name, extended properties first (PSRP messages use {@code <MS>}); null when absent. */
    public PsValue property(String name) {
        for (PsProperty p : extendedProperties) {
            if (name.equals(p.name())) {
                return p.value();
            }
        }
        for (PsProperty p : adaptedProperties) {
            if (name.equals(p.name())) {
                return p.value();
            }
        }
        return null;
    }

    /** The items of a list, stack, queue or IE content; empty when the object is not such a container. */
    public List<PsValue> items() {
        return content instanceof PsCollection c ? c.items() : List.of();
    }

    /** The most specific type name, or null. */
    public String typeName() {
        return typeNames.isEmpty() ? null : typeNames.get(0);
    }

    /** Summarised: the contents may hold arguments, so only the shape is shown. */
    @Override
    public String toString() {
        return "PsObject[RefId=" + refId + ", type=" + typeName() + ", properties="
                + (adaptedProperties.size() + extendedProperties.size()) + (content == null ? "" : ", content") + "]";
    }
}
