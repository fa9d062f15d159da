package dev.tapdeck.protocol.ntlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapdeck.protocol.corpus.Corpus;
import dev.tapdeck.protocol.corpus.HttpConversation;
import dev.tapdeck.protocol.corpus.Pcapng;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.session.AuditRecord;
import dev.tapdeck.protocol.session.BodyKind;
import dev.tapdeck.protocol.session.Requester;
import dev.tapdeck.protocol.session.TapResult;
import dev.tapdeck.protocol.session.WsmanSessionState;
import dev.tapdeck.protocol.session.WsmanTap;
import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.ws.Direction;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sealed Ansible/pywinrm session of the packer-6205 capture (client port 62183), read in place and
 * decrypted with password {@code vagrant}: it must reproduce {@code decrypt-oracle.json} entry by entry, and
 * its plaintext must give the cmd-shell audit record (PowerShell fed through stdin).
 */
class PackerCaptureTest {
    private static final int CLIENT_PORT = 62183;
    private static final EnvelopeReader READER = new EnvelopeReader();

    record Entry(String direction, int httpIndex, int originalLength, boolean signatureOk, String action, String sha256) {
    }

    record Decrypted(List<Entry> entries, List<byte[]> requests, List<byte[]> responses, String account) {
    }

    static List<HttpConversation.Exchange> exchanges() throws IOException {
        Path pcap = Corpus.require("ntlm/packer-6205/wireshark.pcang");
        return HttpConversation.of(Pcapng.tcpSegments(pcap), CLIENT_PORT);
    }

    static Decrypted decrypt(NtlmCredentials creds) throws Exception {
        SealedConnection conn = new SealedConnection(a -> creds.matches(a) ? creds : null);
        List<Entry> entries = new ArrayList<>();
        List<byte[]> requests = new ArrayList<>();
        List<byte[]> responses = new ArrayList<>();
        int index = 0;
        for (HttpConversation.Exchange x : exchanges()) {
            assertTrue(conn.authorization(x.request().header("Authorization")).isEmpty());
            unseal(conn, Direction.CLIENT_TO_SERVER, x.request(), index, entries, requests);
            for (String h : x.response().headers("WWW-Authenticate")) {
                assertTrue(conn.wwwAuthenticate(h).isEmpty());
            }
            unseal(conn, Direction.SERVER_TO_CLIENT, x.response(), index, entries, responses);
            index++;
        }
        return new Decrypted(entries, requests, responses, conn.account());
    }

    private static void unseal(SealedConnection conn, Direction d, HttpConversation.Message m, int index,
                               List<Entry> entries, List<byte[]> plaintexts) throws Exception {
        String ct = m.header("Content-Type");
        if (BodyKind.of(ct, m.body().length) != BodyKind.ENCRYPTED) {
            return;
        }
        Unsealed u = conn.unseal(d, ct, m.body());
        assertEquals(1, u.messages().size(), "one sealed message per body");
        Unsealed.Message msg = u.messages().get(0);
        assertEquals(msg.originalLength(), msg.length(), "OriginalContent Length");
        String action = null;
        String sha = null;
        if (u.decrypted()) {
            EnvelopeDecoded e = READER.read(u.plaintext());
            action = e instanceof EnvelopeDecoded.EnvelopeParsed p ? p.envelope().header().actionUri() : null;
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(u.plaintext()));
            plaintexts.add(u.plaintext());
        }
        entries.add(new Entry(d.toString().replace("-to-", "->"), index, msg.originalLength(), msg.signatureValid(), action, sha));
    }

    @Test
    void decryptsToTheOracle() throws Exception {
        JsonNode oracle = new ObjectMapper().readTree(Corpus.require("ntlm/packer-6205/decrypt-oracle.json").toFile());
        List<Entry> expected = new ArrayList<>();
        for (JsonNode n : oracle) {
            expected.add(new Entry(n.get("direction").asText(), n.get("http_index").asInt(), n.get("original_length").asInt(),
                n.get("signature_ok").asBoolean(), n.get("action").asText(), n.get("plaintext_sha256").asText()));
        }
        Decrypted d = decrypt(NtlmCredentials.ofPassword("vagrant", "", "vagrant".toCharArray()));
        assertEquals(12, expected.size());
        assertEquals(expected, d.entries());
        assertEquals("vagrant", d.account());
    }

    @Test
    void theDecryptedSessionGivesThePowerShellStdinAudit() throws Exception {
        Decrypted d = decrypt(NtlmCredentials.ofNtHash("vagrant", "", HexFormat.of().formatHex(NtlmCrypto.ntowfV1("vagrant"))));
        WsmanTap tap = new WsmanTap(READER, new WsmanSessionState(16), Policy.OBSERVE);
        List<AuditRecord> audits = new ArrayList<>();
        for (int i = 0; i < d.requests().size(); i++) {
            TapResult req = tap.inspectRequest("application/soap+xml;charset=UTF-8", d.requests().get(i),
                new Requester("127.0.0.1:" + CLIENT_PORT, d.account()));
            assertTrue(req.violations().isEmpty(), req.violations().toString());
            tap.forwarded(req);
            TapResult resp = tap.inspectResponse(req, 200, "application/soap+xml;charset=UTF-8", d.responses().get(i));
            assertTrue(resp.violations().isEmpty(), resp.violations().toString());
            audits.addAll(resp.audits());
        }
        audits.addAll(tap.finish("end of capture"));
        assertEquals(1, audits.size(), audits.toString());
        AuditRecord a = audits.get(0);
        assertEquals(AuditRecord.Kind.WINRS_COMMAND, a.kind());
        assertEquals("vagrant", a.requester().user());
        assertEquals("PowerShell", a.commandLine());
        assertEquals(List.of("-NoProfile -NonInteractive -ExecutionPolicy Unrestricted -"), a.arguments(), "pywinrm sends one rsp:Arguments");
        assertTrue(a.input().ended(), "stdin Send with End=true");
        assertTrue(a.input().bytes() > 20_000, a.input().toString());
        assertNotNull(a.input().sha256());
        assertTrue(a.complete());
        assertEquals("Done", a.outcome().state(), a.outcome().toString());
        assertNotNull(a.outcome().exitCode());
    }

    @Test
    void aWrongPasswordDecryptsNothingAndSaysSo() throws Exception {
        NtlmCredentials wrong = NtlmCredentials.ofPassword("vagrant", "", "not-vagrant".toCharArray());
        SealedConnection conn = new SealedConnection(a -> wrong);
        boolean reported = false;
        for (HttpConversation.Exchange x : exchanges()) {
            conn.authorization(x.request().header("Authorization"));
            String ct = x.request().header("Content-Type");
            if (BodyKind.of(ct, x.request().body().length) == BodyKind.ENCRYPTED) {
                Unsealed u = conn.unseal(Direction.CLIENT_TO_SERVER, ct, x.request().body());
                assertFalse(u.decrypted());
                reported |= u.violations().stream().anyMatch(v -> v.rule() == NtlmRule.CREDENTIALS_MISMATCH);
            }
            for (String h : x.response().headers("WWW-Authenticate")) {
                conn.wwwAuthenticate(h);
            }
        }
        assertTrue(reported, "CREDENTIALS_MISMATCH reported");
    }
}
