package dev.tapdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.protocol.ntlm.EncryptedBody;
import dev.tapdeck.protocol.ntlm.NtlmRule;
import dev.tapdeck.protocol.ntlm.Unsealed;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.session.BodyKind;
import dev.tapdeck.recorder.RecordingReader;

import java.util.ArrayList;
import java.util.List;

/**
 * The NTLM layer of a recorded WinRM message, as the proxy found it ([MS-WSMV] 2.2.9.1, [MS-NLMP] 3.4): what
 * it decrypted ({@code plaintext}), each sealed message's check and its rule occurrences. None of it can be
 * recomputed (the session key is never recorded), so a recomputed recording takes it as recorded and decodes
 * the plaintext, as the live tap did, instead of the ciphertext.
 *
 * @param unsealed the body's unsealing as recorded, null when the body was not sealed (or not unsealed)
 * @param ntlm     the NTLM layer's rule occurrences (handshake, sealing, signature), in recorded order
 */
record RecordedSealing(Unsealed unsealed, List<Violation> ntlm) {
    private static final String NTLM_RULE = NtlmRule.class.getSimpleName() + ".";

    /** Of one recorded {@code http} line whose raw body is {@code body}. */
    static RecordedSealing of(JsonNode line, String contentType, byte[] body) {
        List<Violation> ntlm = new ArrayList<>();
        for (JsonNode v : line.path("violations")) {
            if (v.path("rule").asText().startsWith(NTLM_RULE)) {
                Violation known = RecordedEvents.violation(v);
                if (known != null) {
                    ntlm.add(known);
                }
            }
        }
        byte[] plaintext = RecordingReader.Recording.plaintext(line);
        JsonNode sealed = line.path("decoded").path("sealed");
        if (plaintext == null && !sealed.isObject()) {
            return new RecordedSealing(null, ntlm);
        }
        if (plaintext == null && BodyKind.of(contentType, body.length) != BodyKind.ENCRYPTED) {
            return new RecordedSealing(null, ntlm); // an edited line: sealing facts on a body that is not sealed
        }
        List<Unsealed.Message> messages = new ArrayList<>();
        for (JsonNode m : sealed.path("messages")) {
            messages.add(new Unsealed.Message(m.path("originalLength").asInt(), m.path("length").asInt(),
                    m.path("signatureValid").asBoolean(), m.path("seqNum").asInt()));
        }
        String type = !sealed.isObject() ? originalType(contentType, body)
                : sealed.path("plaintextType").isTextual() ? sealed.path("plaintextType").asText() : null;
        return new RecordedSealing(new Unsealed(plaintext, type, messages, List.of()), ntlm);
    }

    /** [MS-WSMV] 2.2.9.1.1: the OriginalContent type of the first part, in clear in the multipart body. */
    private static String originalType(String contentType, byte[] body) {
        List<EncryptedBody.Part> parts = EncryptedBody.split(contentType, body).parts();
        return parts.isEmpty() ? null : parts.get(0).originalType();
    }
}
