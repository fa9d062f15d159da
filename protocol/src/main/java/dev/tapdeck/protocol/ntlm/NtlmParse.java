package dev.tapdeck.protocol.ntlm;

/** What {@link NtlmMessageReader#read} returns: a message, or the reason the bytes are not one. */
public sealed interface NtlmParse {

    record Parsed(NtlmMessage message) implements NtlmParse {
    }

    /** @param problem a sentence naming the field, offset or limit that was wrong */
    record Malformed(String problem) implements NtlmParse {
    }
}
