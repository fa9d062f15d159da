package dev.tapdeck.recorder.redact;

import dev.tapdeck.protocol.corpus.Corpus;
import dev.tapdeck.protocol.corpus.SecretSearch;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.HttpHead;
import dev.tapdeck.recorder.RecordingSink;
import dev.tapdeck.recorder.TapEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decorating sink in front of a recording: heads, the header's kinds and the trailer's counts. */
class RedactingSinkTest {
    /** A real NTLM AUTHENTICATE of the Packer capture (Negotiate, NTLMv2, user vagrant), read in place. */
    private static String packerAuthenticate() throws Exception {
        Path capture = Corpus.require("ntlm/packer-6205/wireshark.pcang");
        Matcher m = Pattern.compile("Authorization: Negotiate ([A-Za-z0-9+/=]{400,})")
                .matcher(new String(Files.readAllBytes(capture), StandardCharsets.ISO_8859_1));
        assertTrue(m.find(), "the capture holds an AUTHENTICATE");
        return m.group(1);
    }

    private static List<TapEvent> session(String id, String authorization, String challenge) {
        HttpHead request = HttpHead.request("POST", "/wsman", "HTTP/1.1", List.of(Map.entry("Authorization", authorization),
                Map.entry("X-Api-Key", "k3y-k3y-k3y"), Map.entry("Cookie", "sid=abcdef123")));
        HttpHead response = HttpHead.response(200, "HTTP/1.1", List.of(Map.entry("WWW-Authenticate", challenge)));
        return List.of(
                new TapEvent.SessionStarted(id, 0, 0, "winrm", "main", "127.0.0.1:1", "http://up:5985", 0L, "test", true),
                new TapEvent.HttpMessageCaptured(id, 1, 1, 1, Direction.CLIENT_TO_SERVER, request, new byte[0], null, List.of(),
                        TapEvent.Verdict.FORWARDED),
                new TapEvent.HttpMessageCaptured(id, 2, 2, 1, Direction.SERVER_TO_CLIENT, response, new byte[0], null, List.of(),
                        TapEvent.Verdict.FORWARDED),
                new TapEvent.HttpMessageCaptured(id, 3, 3, 2, Direction.CLIENT_TO_SERVER, request, new byte[0], null, List.of(),
                        TapEvent.Verdict.FORWARDED),
                new TapEvent.SessionEnded(id, 4, 4, "client closed", 2, 0, 0));
    }

    private static String record(Path dir, RedactionPolicy policy, List<TapEvent> events) throws Exception {
        RecordingSink recorder = new RecordingSink(dir);
        try (RedactingSink sink = new RedactingSink(recorder, policy, null)) {
            events.forEach(sink::accept);
            recorder.flush();
            return Files.readString(recorder.fileOf(events.get(0).sessionId()));
        }
    }

    @Test
    void anNtlmSessionKeepsSchemeDomainAndUserAndNothingOfTheTokens(@TempDir Path dir) throws Exception {
        String token = packerAuthenticate();
        String challenge = "Negotiate " + Base64.getEncoder().encodeToString(
                Files.readAllBytes(Corpus.require("ntlm/pyspnego/ntlm_challenge")));
        String file = record(dir, RedactionPolicy.of(true, List.of("x-api-key"), null, null),
                session("ntlm", "Negotiate " + token, challenge));
        byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
        for (String secret : List.of(token.substring(0, 60), token.substring(200, 260), challenge.substring(10), "k3y-k3y-k3y",
                "abcdef123")) {
            assertNull(SecretSearch.find(bytes, secret), "leaks " + secret);
        }
        assertTrue(file.contains("\"Negotiate tapdeck-redacted-1 (NTLM AUTHENTICATE user="), file);
        assertTrue(file.contains("vagrant)\""), "the user who authenticated stays visible: " + file);
        assertTrue(file.contains("\"Negotiate tapdeck-redacted-4 (NTLM CHALLENGE)\""), file);
        assertTrue(file.contains("[\"X-Api-Key\",\"tapdeck-redacted-2\"]") && file.contains("[\"Cookie\",\"tapdeck-redacted-3\"]"),
                "named headers and cookies get placeholders, the same ones on the second request: " + file);
        assertEquals(2, file.split("tapdeck-redacted-1 \\(NTLM").length - 1, "the same token, the same placeholder");
        assertTrue(file.contains("\"redaction\":[\"authorization\",\"basic-password\",\"cookie\",\"secure-string\","
                + "\"host-response\",\"header:x-api-key\"]"), file);
        assertTrue(file.contains("\"redactions\":{\"authorization\":3,\"cookie\":2,\"header\":2}"), file);
    }

    @Test
    void noRedactionWritesTheSessionAsItCame(@TempDir Path dir) throws Exception {
        String file = record(dir, RedactionPolicy.NONE,
                session("plain", "Basic " + Base64.getEncoder().encodeToString("u:pw-in-clear".getBytes(StandardCharsets.UTF_8)), "Basic"));
        assertTrue(file.contains("dTpwdy1pbi1jbGVhcg=="), file);
        assertTrue(!file.contains("\"redaction\"") && !file.contains("\"redactions\""), file);
    }
}
