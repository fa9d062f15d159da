package dev.tapdeck.recorder.redact;

import dev.tapdeck.protocol.corpus.PypsrpRecordings;
import dev.tapdeck.protocol.corpus.RecordedExchange;
import dev.tapdeck.protocol.corpus.SecretSearch;
import dev.tapdeck.protocol.corpus.Recording;
import dev.tapdeck.protocol.corpus.TapDrive;
import dev.tapdeck.protocol.rules.Policy;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real pypsrp sessions against real Windows hosts (corpus, read in place; skipped without it) through the
 * session redactor: no SecureString or host response survives in any form, the same secret gets the same
 * placeholder, and every redacted session still decodes to the same PSRP messages with the same rule
 * occurrences (so it still replays).
 */
class PsrpCorpusRedactionTest {
    /** Host responses and SecureStrings of test_psrp_pshost_ui_mocked_methods.yml (ReadLine, Prompt, credentials). */
    static final List<String> SECRETS = List.of("ReadLine response", "prompt response",
            "xTIlte2IE7q6bM0/U/PTtjmnmBO4+KhQ3NBK7A+uB3sqxukLSeI7lBLn5aHskOCliWqEdgEGRaAAQo5q9L4g2g==",
            "K86C/Bl3T/RyAsU62XoDMTutDb5iAk1xgDNBMZwqPZY=");
    static final Pattern SS = Pattern.compile("<SS(?: N=\"[^\"]*\")?>([^<]*)</SS>");

    @Test
    void noSecureStringOrHostResponseSurvivesAndPlaceholdersAreStable() {
        Recording original = PypsrpRecordings.named("test_psrp_pshost_ui_mocked_methods.yml");
        Recording redacted = redact(original, new SessionRedactor(RedactionPolicy.DEFAULT));
        byte[] all = concat(redacted);
        byte[] before = concat(original);
        for (String secret : SECRETS) {
            assertTrue(SecretSearch.find(before, secret) != null, "the search finds " + secret + " in the original");
            assertNull(SecretSearch.find(all, secret), "redacted session leaks " + secret);
        }
        // the credential SecureString went to the server in a host response and came back in the output
        List<String> ssContents = new ArrayList<>();
        Matcher m = SS.matcher(decodedMessages(redacted));
        while (m.find()) {
            ssContents.add(new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.US_ASCII));
        }
        assertEquals(3, ssContents.size(), "ReadLineAsSecureString's answer, its echo, the credential's echo: " + ssContents);
        assertTrue(ssContents.stream().allMatch(c -> c.matches("tapdeck-redacted-\\d+")), ssContents.toString());
        assertEquals(ssContents.get(0), ssContents.get(1), "the same ciphertext, sent and echoed back, has one placeholder");
        assertTrue(!ssContents.get(2).equals(ssContents.get(0)), "another ciphertext, another placeholder");
    }

    @Test
    void everyRedactedSessionDecodesToTheSameMessagesAndRules() {
        Map<String, String> differences = new TreeMap<>();
        int messages = 0;
        for (Recording original : PypsrpRecordings.all()) {
            Recording redacted = redact(original, new SessionRedactor(RedactionPolicy.DEFAULT));
            TapDrive.Driven before = TapDrive.drive(original, Policy.OBSERVE);
            TapDrive.Driven after = TapDrive.drive(redacted, Policy.OBSERVE);
            List<String> typesBefore = types(before);
            List<String> typesAfter = types(after);
            if (!typesBefore.equals(typesAfter)) {
                differences.put(original.name(), typesBefore + " vs " + typesAfter);
            }
            List<String> rulesBefore = before.violations().stream().map(v -> v.rule().id()).sorted().toList();
            List<String> rulesAfter = after.violations().stream().map(v -> v.rule().id()).sorted().toList();
            if (!rulesBefore.equals(rulesAfter)) {
                differences.put(original.name() + " rules", rulesBefore + " vs " + rulesAfter);
            }
            after.results().forEach(r -> assertTrue(r.problems().isEmpty() || !before.results().isEmpty(), original.name()));
            messages += typesAfter.size();
        }
        assertEquals(Map.of(), differences);
        assertTrue(messages > 700, "the corpus' PSRP messages were all compared: " + messages);
    }

    @Test
    void aMessageSplitOverSeveralReceiveResponsesStillReassembles() {
        // ObjectId 6: 11 fragments over 3 ReceiveResponses (corpus README)
        Recording original = PypsrpRecordings.named("test_client_fetch_file.yml");
        Recording redacted = redact(original, new SessionRedactor(RedactionPolicy.DEFAULT));
        assertEquals(types(TapDrive.drive(original, Policy.OBSERVE)), types(TapDrive.drive(redacted, Policy.OBSERVE)));
        assertTrue(types(TapDrive.drive(redacted, Policy.OBSERVE)).contains("PIPELINE_OUTPUT"));
    }

    static Recording redact(Recording r, SessionRedactor redactor) {
        List<RecordedExchange> out = new ArrayList<>();
        for (RecordedExchange e : r.exchanges()) {
            byte[] request = redactor.winrmRequest(e.request());
            byte[] response = e.hasResponse() ? redactor.winrmResponse(e.response()) : null;
            out.add(new RecordedExchange(e.index(), e.declaredAction(), request, response, e.transportErrorCode()));
        }
        return new Recording(r.name(), r.file(), out);
    }

    static List<String> types(TapDrive.Driven d) {
        return d.results().stream().flatMap(r -> r.psrpMessages().stream()).map(m -> m.type()).toList();
    }

    static byte[] concat(Recording r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.bodies().forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** The Data of every PSRP message of the session, as text, in order. */
    static String decodedMessages(Recording r) {
        StringBuilder sb = new StringBuilder();
        Matcher run = Pattern.compile(">([A-Za-z0-9+/=]{40,})<").matcher(new String(concat(r), StandardCharsets.UTF_8));
        while (run.find()) {
            byte[] payload = Base64.getDecoder().decode(run.group(1));
            for (var f : dev.tapdeck.protocol.psrp.FragmentDecoder.decode(payload).fragments()) {
                sb.append(new String(f.blob(), StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }
}
