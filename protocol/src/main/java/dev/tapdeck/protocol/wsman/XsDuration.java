package dev.tapdeck.protocol.wsman;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the xs:duration values of WS-Man headers such as {@code wsman:OperationTimeout}
 * ({@code PT20S}, {@code PT60S}, {@code PT180.000S}, {@code P0DT0H0M0S}; protocol-notes A.5).
 */
public final class XsDuration {
    private static final Pattern XS = Pattern.compile(
            "(-)?P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?");

    private XsDuration() {
    }

    /** The duration, or empty when the text is not an xs:duration, is negative, or uses years or months. */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = XS.matcher(text.trim());
        if (!m.matches() || m.group(1) != null || text.trim().equals("P") || text.trim().endsWith("T")) {
            return Optional.empty();
        }
        if (m.group(2) != null || m.group(3) != null) {
            return Optional.empty(); // years and months have no fixed length
        }
        try {
            Duration d = Duration.ZERO;
            if (m.group(4) != null) {
                d = d.plusDays(Long.parseLong(m.group(4)));
            }
            if (m.group(5) != null) {
                d = d.plusHours(Long.parseLong(m.group(5)));
            }
            if (m.group(6) != null) {
                d = d.plusMinutes(Long.parseLong(m.group(6)));
            }
            if (m.group(7) != null) {
                d = d.plusNanos(new java.math.BigDecimal(m.group(7)).movePointRight(9).longValueExact());
            }
            return Optional.of(d);
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Seconds with milliseconds, the way Windows writes {@code rsp:IdleTimeOut} ({@code PT7200.000S}). */
    public static String format(Duration d) {
        return String.format(java.util.Locale.ROOT, "PT%d.%03dS", d.getSeconds(), d.toMillisPart());
    }
}
