package dev.tapdeck.protocol.ntlm;

import dev.tapdeck.protocol.rules.Violation;
import java.util.List;

/**
 * What {@link SealedConnection#unseal} made of one multipart/encrypted body.
 *
 * @param plaintext     the decrypted messages concatenated, or null when nothing was decrypted
 * @param plaintextType the OriginalContent type of the first message, null when none was read
 * @param messages      per sealed message: declared length, signature check, sequence number
 * @param violations    why it was not (fully) decrypted, or what was wrong; empty when all went well
 */
public record Unsealed(byte[] plaintext, String plaintextType, List<Message> messages, List<Violation> violations) {
    public Unsealed {
        messages = List.copyOf(messages);
        violations = List.copyOf(violations);
    }

    /** One sealed message of the body. */
    public record Message(int originalLength, int length, boolean signatureValid, int seqNum) {
    }

    public boolean decrypted() {
        return plaintext != null;
    }
}
