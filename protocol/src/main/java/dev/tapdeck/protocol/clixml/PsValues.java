package dev.tapdeck.protocol.clixml;

import java.util.List;

/**
 * Lenient typed access to {@link PsValue}s for views: each method looks through an Extended Primitive
 * Object or enum {@code <Obj>} to the value it wraps, and returns null (or empty) when the value has
 * another shape, so a view never fails on an unexpected type.
 */
public final class PsValues {
    private PsValues() {
    }

    /** The object, or null. */
    public static PsObject object(PsValue v) {
        return v instanceof PsObject o ? o : null;
    }

    /** A property of an object, or null when {@code v} is not an object or lacks it. */
    public static PsValue property(PsValue v, String name) {
        return v instanceof PsObject o ? o.property(name) : null;
    }

    /** The value of a string-like primitive (S, URI, XD, SBK, Version), or null. */
    public static String string(PsValue v) {
        PsValue p = unwrap(v);
        return p instanceof PsPrimitive prim && prim.value() instanceof String s ? s : null;
    }

    /** The value of an integral primitive that fits an int (enums included), or null. */
    public static Integer integer(PsValue v) {
        PsValue p = unwrap(v);
        if (p instanceof PsPrimitive prim && prim.value() instanceof Number n && !(n instanceof Float || n instanceof Double)) {
            long l = n.longValue();
            return l == (int) l && n.toString().equals(Long.toString(l)) ? (int) l : null;
        }
        return null;
    }

    /** The value of a {@code <B>}, or null. */
    public static Boolean bool(PsValue v) {
        PsValue p = unwrap(v);
        return p instanceof PsPrimitive prim && prim.value() instanceof Boolean b ? b : null;
    }

    /** The items of a list-like value; empty for anything else (including Nil). */
    public static List<PsValue> items(PsValue v) {
        if (v instanceof PsCollection c) {
            return c.items();
        }
        return v instanceof PsObject o ? o.items() : List.of();
    }

    public static boolean isNil(PsValue v) {
        return v instanceof PsNil;
    }

    /** The primitive an Extended Primitive Object or enum wraps, else the value itself. */
    private static PsValue unwrap(PsValue v) {
        return v instanceof PsObject o && o.content() instanceof PsPrimitive p ? p : v;
    }
}
