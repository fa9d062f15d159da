package dev.tapdeck.protocol.wsman;

/**
 * Something in a body that could not be decoded: malformed XML, a forbidden DTD, a limit crossed,
 * invalid base64 in a stream. Decoders report it; they never throw on hostile input.
 *
 * @param kind   what went wrong, for grouping and tests
 * @param detail a sentence that names the limit or the position
 */
public record DecodeProblem(Kind kind, String detail) {
    public enum Kind {
        MALFORMED_XML,
        DTD_FORBIDDEN,
        LIMIT_EXCEEDED,
        NOT_AN_ENVELOPE,
        INVALID_BASE64,
        INVALID_VALUE
    }

    @Override
    public String toString() {
        return kind + ": " + detail;
    }
}
