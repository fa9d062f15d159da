package dev.tapdeck.recorder.redact;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Stable placeholders of one session: the same secret value always gets the same placeholder, numbered in
 * the order of first appearance ({@code tapdeck-redacted-1}, {@code -2}…), so a replay server that runs the
 * same redactor over live traffic produces the same text and still matches. A placeholder says nothing about
 * the value or its length: it is a counter, not a hash (an unsalted hash of a short password is a dictionary
 * lookup away from it).
 * <p>
 * The values are remembered as SHA-256 digests, never in clear, and at most {@link #MAX_VALUES} of them
 * (design principle 6); past that bound every new value gets {@link #OVERFLOW}, which is still safe but no
 * longer tells values apart.
 */
public final class Placeholders {
    /** Prefix of every placeholder. */
    public static final String PREFIX = "tapdeck-redacted-";
    /** Most distinct values numbered per session. */
    public static final int MAX_VALUES = 65_536;
    /** The placeholder of every value past {@link #MAX_VALUES}. */
    public static final String OVERFLOW = PREFIX + "overflow";

    private final Map<String, Integer> numbers = new HashMap<>();

    /** The placeholder of {@code secret}: the same text for the same value for the whole session. */
    public String of(String secret) {
        String key = digest(secret);
        Integer n = numbers.get(key);
        if (n == null) {
            if (numbers.size() >= MAX_VALUES) {
                return OVERFLOW;
            }
            n = numbers.size() + 1;
            numbers.put(key, n);
        }
        return PREFIX + n;
    }

    /**
     * The placeholder as base64 of its ASCII text, for places that must stay base64 (SecureString content,
     * {@code rsp:Stream} text): it decodes to the placeholder itself.
     */
    public String base64Of(String secret) {
        return Base64.getEncoder().encodeToString(of(secret).getBytes(StandardCharsets.US_ASCII));
    }

    /** How many distinct values were numbered. */
    public int size() {
        return numbers.size();
    }

    private static String digest(String secret) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
