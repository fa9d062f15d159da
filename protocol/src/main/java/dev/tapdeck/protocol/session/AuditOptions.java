package dev.tapdeck.protocol.session;

/**
 * Bounds and redaction of the command audit (design principle 6: every list is bounded, and a cut says so).
 *
 * @param redactHostResponses replace host responses by their size: they may carry Read-Host answers and
 *                            credentials (the default; {@code --no-redact} turns it off)
 * @param maxValueChars       longest argument value, input object or host response rendered, in characters
 * @param maxInputObjects     most PIPELINE_INPUT objects listed per command (all are counted)
 * @param maxStdinTextBytes   largest cmd-shell stdin shown as text (all of it is hashed)
 * @param maxEntries          most error records, host responses and signals listed per command
 */
public record AuditOptions(boolean redactHostResponses, int maxValueChars, int maxInputObjects, int maxStdinTextBytes,
                           int maxEntries) {
    public static final AuditOptions DEFAULT = new AuditOptions(true, 1024, 32, 64 * 1024, 16);

    public AuditOptions {
        if (maxValueChars < 1 || maxInputObjects < 0 || maxStdinTextBytes < 0 || maxEntries < 0) {
            throw new IllegalArgumentException("audit limits must be positive");
        }
    }

    /** The defaults, with host responses in clear when {@code redact} is false. */
    public static AuditOptions of(boolean redact) {
        return new AuditOptions(redact, DEFAULT.maxValueChars, DEFAULT.maxInputObjects, DEFAULT.maxStdinTextBytes,
                DEFAULT.maxEntries);
    }
}
