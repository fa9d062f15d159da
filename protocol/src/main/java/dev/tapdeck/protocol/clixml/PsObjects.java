package dev.tapdeck.protocol.clixml;

import java.util.ArrayList;
import java.util.List;

/**
 * Short constructors for the {@link PsValue}s a PSRP message is made of, for code that writes messages
 * (with {@link ClixmlWriter}) rather than reads them. Objects are built without RefIds: the writer numbers
 * them.
 */
public final class PsObjects {
    /** The tail every .NET enum's type names end with ([MS-PSRP] 2.2.5.2.7). */
    private static final List<String> ENUM_BASES = List.of("System.Enum", "System.ValueType", "System.Object");

    private PsObjects() {
    }

    public static PsPrimitive string(String s) {
        return PsPrimitive.string(s);
    }

    public static PsPrimitive i32(int n) {
        return new PsPrimitive(PrimitiveType.SIGNED_INT, n);
    }

    public static PsPrimitive i64(long n) {
        return new PsPrimitive(PrimitiveType.SIGNED_LONG, n);
    }

    public static PsPrimitive bool(boolean b) {
        return new PsPrimitive(PrimitiveType.BOOLEAN, b);
    }

    /** A {@code <Version>}, e.g. {@code 2.3}. */
    public static PsPrimitive version(String v) {
        return new PsPrimitive(PrimitiveType.VERSION, v);
    }

    public static PsNil nil() {
        return PsNil.INSTANCE;
    }

    public static PsProperty property(String name, PsValue value) {
        return new PsProperty(name, value);
    }

    /** An object with extended properties only ({@code <Obj><MS>…</MS></Obj>}), the shape of most message Data. */
    public static PsObject properties(PsProperty... extended) {
        return new PsObject(null, List.of(), null, null, List.of(), List.of(extended));
    }

    /** An object with type names, a ToString and extended properties. */
    public static PsObject typed(List<String> typeNames, String toString, List<PsProperty> extended) {
        return new PsObject(null, typeNames, toString, null, List.of(), extended);
    }

    /**
     * An enum value ([MS-PSRP] 2.2.5.2.7): its type name followed by {@code System.Enum},
     * {@code System.ValueType}, {@code System.Object}; the name as ToString and the value as {@code <I32>}.
     */
    public static PsObject enumValue(String enumType, String name, int value) {
        List<String> types = new ArrayList<>(ENUM_BASES.size() + 1);
        types.add(enumType);
        types.addAll(ENUM_BASES);
        return new PsObject(null, types, name, i32(value), List.of(), List.of());
    }

    /** A list ({@code <LST>}, [MS-PSRP] 2.2.5.2.6.3) of the given .NET type names. */
    public static PsObject list(List<String> typeNames, List<? extends PsValue> items) {
        return new PsObject(null, typeNames, null, new PsCollection(PsCollection.Kind.LIST, List.copyOf(items)), List.of(),
                List.of());
    }

    /** A dictionary ({@code <DCT>}, [MS-PSRP] 2.2.5.2.6.4) of the given .NET type names. */
    public static PsObject dictionary(List<String> typeNames, List<PsDictionary.Entry> entries) {
        return new PsObject(null, typeNames, null, new PsDictionary(entries), List.of(), List.of());
    }

    public static PsDictionary.Entry entry(String key, PsValue value) {
        return new PsDictionary.Entry(string(key), value);
    }
}
