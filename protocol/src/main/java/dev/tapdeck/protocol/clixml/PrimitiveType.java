package dev.tapdeck.protocol.clixml;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The primitive types of [MS-PSRP] 2.2.5.1, by their spec names, with the XML element, the .NET type they
 * carry and the Java type of {@link PsPrimitive#value()}. SecureString, Null Value and Progress Record have
 * their own records.
 */
public enum PrimitiveType {
    /** 2.2.5.1.1, {@link String} with _xHHHH_ escapes decoded. */
    STRING("S", "System.String"),
    /** 2.2.5.1.2, {@link Character}; written as the UTF-16 code. */
    CHARACTER("C", "System.Char"),
    /** 2.2.5.1.3, {@link Boolean}. */
    BOOLEAN("B", "System.Boolean"),
    /** 2.2.5.1.4, {@link OffsetDateTime}, or {@link LocalDateTime} when the sender gave no offset. */
    DATE_TIME("DT", "System.DateTime"),
    /** 2.2.5.1.5, {@link Duration}. */
    DURATION("TS", "System.TimeSpan"),
    /** 2.2.5.1.6, {@link Integer} 0..255. */
    UNSIGNED_BYTE("By", "System.Byte"),
    /** 2.2.5.1.7, {@link Byte}. */
    SIGNED_BYTE("SB", "System.SByte"),
    /** 2.2.5.1.8, {@link Integer} 0..65535. */
    UNSIGNED_SHORT("U16", "System.UInt16"),
    /** 2.2.5.1.9, {@link Short}. */
    SIGNED_SHORT("I16", "System.Int16"),
    /** 2.2.5.1.10, {@link Long} 0..4294967295. */
    UNSIGNED_INT("U32", "System.UInt32"),
    /** 2.2.5.1.11, {@link Integer}. */
    SIGNED_INT("I32", "System.Int32"),
    /** 2.2.5.1.12, {@link BigInteger} 0..2^64-1. */
    UNSIGNED_LONG("U64", "System.UInt64"),
    /** 2.2.5.1.13, {@link Long}. */
    SIGNED_LONG("I64", "System.Int64"),
    /** 2.2.5.1.14, {@link Float}; INF, -INF and NaN as in XML Schema. */
    FLOAT("Sg", "System.Single"),
    /** 2.2.5.1.15, {@link Double}. */
    DOUBLE("Db", "System.Double"),
    /** 2.2.5.1.16, {@link BigDecimal}. */
    DECIMAL("D", "System.Decimal"),
    /** 2.2.5.1.17, {@code byte[]} from base64. */
    ARRAY_OF_BYTES("BA", "System.Byte[]"),
    /** 2.2.5.1.18, {@link UUID}. */
    GUID("G", "System.Guid"),
    /** 2.2.5.1.19, {@link String}, escapes decoded. */
    URI("URI", "System.Uri"),
    /** 2.2.5.1.21, {@link String} "major.minor[.build[.revision]]". */
    VERSION("Version", "System.Version"),
    /** 2.2.5.1.22, {@link String}, escapes decoded. */
    XML_DOCUMENT("XD", "System.Xml.XmlDocument"),
    /** 2.2.5.1.23, {@link String}, escapes decoded. */
    SCRIPT_BLOCK("SBK", "System.Management.Automation.ScriptBlock");

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern FLOATING = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern VERSION_TEXT = Pattern.compile("[0-9]{1,10}(\\.[0-9]{1,10}){1,3}");
    private static final BigInteger UNSIGNED_LONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    /** xs:dateTime as .NET round-trips it: fraction without trailing zeros, offset as +hh:mm (never Z). */
    private static final DateTimeFormatter LOCAL_DATE_TIME = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss").appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).toFormatter();
    private static final DateTimeFormatter OFFSET_DATE_TIME = new DateTimeFormatterBuilder()
            .append(LOCAL_DATE_TIME).appendOffset("+HH:MM", "+00:00").toFormatter();

    private final String element;
    private final String dotNetType;

    PrimitiveType(String element, String dotNetType) {
        this.element = element;
        this.dotNetType = dotNetType;
    }

    /** The XML element name, e.g. {@code I32}. */
    public String element() {
        return element;
    }

    /** The .NET type the element stands for, e.g. {@code System.Int32}. */
    public String dotNetType() {
        return dotNetType;
    }

    /** The type for an element name, or null. */
    public static PrimitiveType fromElement(String name) {
        for (PrimitiveType t : values()) {
            if (t.element.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Converts the element text to the Java value.
     *
     * @throws IllegalArgumentException when the text is not a valid value of this type
     */
    public Object parse(String text) {
        switch (this) {
            case STRING:
            case URI:
            case XML_DOCUMENT:
            case SCRIPT_BLOCK:
                return ClixmlStrings.decode(text);
            default:
                return parseTrimmed(text.strip()); // XML Schema collapses whitespace for non-string types
        }
    }

    /**
     * The element text for a value of this type, the inverse of {@link #parse}: strings encoded per
     * [MS-PSRP] 2.2.5.3.2 (not yet XML-escaped), numbers in invariant decimal, INF/-INF/NaN, base64.
     *
     * @throws ClassCastException when {@code value} is not of this type's Java class
     */
    public String format(Object value) {
        switch (this) {
            case STRING:
            case URI:
            case XML_DOCUMENT:
            case SCRIPT_BLOCK:
                return ClixmlStrings.encode((String) value);
            case CHARACTER:
                return Integer.toString((Character) value); // [MS-PSRP] 2.2.5.1.2: the UTF-16 code unit
            case DATE_TIME:
                return value instanceof OffsetDateTime o ? OFFSET_DATE_TIME.format(o) : LOCAL_DATE_TIME.format((LocalDateTime) value);
            case DURATION:
                Duration d = (Duration) value; // xs:duration puts the sign first: -PT1.5S, not PT-1.5S
                return d.isNegative() ? "-" + d.negated() : d.toString();
            case FLOAT:
            case DOUBLE:
                double x = ((Number) value).doubleValue();
                if (Double.isNaN(x)) {
                    return "NaN";
                }
                return Double.isInfinite(x) ? (x > 0 ? "INF" : "-INF") : value.toString();
            case DECIMAL:
                return ((BigDecimal) value).toPlainString();
            case ARRAY_OF_BYTES:
                return Base64.getEncoder().encodeToString((byte[]) value);
            default:
                return value.toString(); // Boolean, integers, UUID and Version read back as written
        }
    }

    private Object parseTrimmed(String t) {
        switch (this) {
            case CHARACTER:
                return (char) ranged(t, 0, 0xFFFF);
            case BOOLEAN:
                if (t.equals("true") || t.equals("1")) {
                    return Boolean.TRUE;
                }
                if (t.equals("false") || t.equals("0")) {
                    return Boolean.FALSE;
                }
                throw new IllegalArgumentException("not an xs:boolean");
            case DATE_TIME:
                return dateTime(t);
            case DURATION:
                try {
                    return Duration.parse(t);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("not a duration", e);
                }
            case UNSIGNED_BYTE:
                return (int) ranged(t, 0, 0xFF);
            case SIGNED_BYTE:
                return (byte) ranged(t, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case UNSIGNED_SHORT:
                return (int) ranged(t, 0, 0xFFFF);
            case SIGNED_SHORT:
                return (short) ranged(t, Short.MIN_VALUE, Short.MAX_VALUE);
            case UNSIGNED_INT:
                return ranged(t, 0, 0xFFFFFFFFL);
            case SIGNED_INT:
                return (int) ranged(t, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case UNSIGNED_LONG:
                BigInteger u = integer(t);
                if (u.signum() < 0 || u.compareTo(UNSIGNED_LONG_MAX) > 0) {
                    throw new IllegalArgumentException("out of range");
                }
                return u;
            case SIGNED_LONG:
                return ranged(t, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT:
                return (float) floating(t);
            case DOUBLE:
                return floating(t);
            case DECIMAL:
                if (!FLOATING.matcher(t).matches()) {
                    throw new IllegalArgumentException("not a decimal");
                }
                return new BigDecimal(t);
            case ARRAY_OF_BYTES:
                return Base64.getDecoder().decode(t.replaceAll("\\s+", ""));
            case GUID:
                if (!UUID_TEXT.matcher(t).matches()) {
                    throw new IllegalArgumentException("not a GUID");
                }
                return UUID.fromString(t);
            case VERSION:
                if (!VERSION_TEXT.matcher(t).matches()) {
                    throw new IllegalArgumentException("not major.minor[.build[.revision]]");
                }
                return t;
            default:
                throw new IllegalStateException(name());
        }
    }

    private static Object dateTime(String t) {
        try {
            return OffsetDateTime.parse(t);
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(t);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an xs:dateTime", e);
            }
        }
    }

    private static long ranged(String t, long min, long max) {
        BigInteger v = integer(t);
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException("out of range");
        }
        return v.longValue();
    }

    private static BigInteger integer(String t) {
        if (t.length() > 40 || !INTEGER.matcher(t).matches()) {
            throw new IllegalArgumentException("not an integer");
        }
        return new BigInteger(t);
    }

    private static double floating(String t) {
        switch (t) {
            case "INF":
                return Double.POSITIVE_INFINITY;
            case "-INF":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                if (!FLOATING.matcher(t).matches()) {
                    throw new IllegalArgumentException("not an xs:float/xs:double");
                }
                return Double.parseDouble(t);
        }
    }
}
