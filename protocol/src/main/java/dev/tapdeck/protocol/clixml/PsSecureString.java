package dev.tapdeck.protocol.clixml;

import java.util.Objects;

/**
 * A SecureString {@code <SS>} ([MS-PSRP] 2.2.5.1.24): AES-256-CBC ciphertext under the session key, kept
 * opaque. It is never decrypted, and {@link #toString()} never shows it, so it cannot reach a log by accident.
 *
 * @param ciphertext the base64 text as sent, for re-serialization only
 */
public record PsSecureString(String ciphertext) implements PsValue {
    /** How a SecureString is shown everywhere. */
    public static final String RENDERED = "<SecureString>";

    public PsSecureString {
        Objects.requireNonNull(ciphertext, "ciphertext");
    }

    @Override
    public String toString() {
        return RENDERED;
    }
}
