package dev.tapdeck.protocol.wsman;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import dev.tapdeck.protocol.corpus.ClientCapture;
import dev.tapdeck.protocol.corpus.Corpus;
import dev.tapdeck.protocol.corpus.CorpusCatalogue;
import dev.tapdeck.protocol.corpus.PypsrpRecordings;
import dev.tapdeck.protocol.corpus.RecordedExchange;
import dev.tapdeck.protocol.corpus.Recording;
import dev.tapdeck.protocol.corpus.Winrm4jRecordings;

/**
 * Every envelope of the corpus (real clients, real Windows and OMI servers) parses without a problem,
 * and what the reader decodes agrees with the corpus README catalogue, an independent scan.
 */
class EnvelopeReaderCorpusTest {
    private final EnvelopeReader reader = new EnvelopeReader();

    private WsmanEnvelope clean(String where, byte[] body) {
        EnvelopeDecoded decoded = reader.read(body);
        EnvelopeDecoded.EnvelopeParsed parsed = assertInstanceOf(EnvelopeDecoded.EnvelopeParsed.class, decoded,
                () -> where + ": " + decoded);
        assertEquals(List.of(), parsed.problems(), where);
        return parsed.envelope();
    }

    @Test
    void pypsrpRecordingsAgreeWithTheCatalogue() {
        Map<String, CorpusCatalogue.Row> catalogue = CorpusCatalogue.pypsrp();
        List<Recording> recordings = PypsrpRecordings.all();
        List<String> names = recordings.stream().map(Recording::name).toList();
        assertEquals(List.copyOf(new TreeMap<>(catalogue).keySet()), names, "recordings listed in the catalogue");

        List<Executable> checks = new ArrayList<>();
        int envelopes = 0;
        for (Recording recording : recordings) {
            Decoded d = decode(recording);
            envelopes += d.envelopes;
            CorpusCatalogue.Row row = catalogue.get(recording.name());
            String n = recording.name();
            checks.add(() -> assertEquals(row.exchanges(), recording.exchanges().size(), n + " exchanges"));
            checks.add(() -> assertEquals(row.requestActions(), d.requestActions, n + " request actions"));
            checks.add(() -> assertEquals(row.sendResponses(), d.sendResponses, n + " SendResponses"));
            checks.add(() -> assertEquals(row.faults(), d.faults, n + " faults"));
        }
        assertAll(checks);
        assertNotEquals(0, envelopes);
        System.out.printf("pypsrp: %d recordings, %d envelopes parsed%n", recordings.size(), envelopes);
    }

    /** What one recording decodes to, in the catalogue's terms. */
    private static final class Decoded {
        final Map<String, Integer> requestActions = new LinkedHashMap<>();
        final List<String> faults = new ArrayList<>();
        int sendResponses;
        int envelopes;
    }

    private Decoded decode(Recording recording) {
        Decoded d = new Decoded();
        for (RecordedExchange x : recording.exchanges()) {
            String where = recording.name() + " #" + x.index();
            WsmanEnvelope request = clean(where + " request", x.request());
            d.envelopes++;
            String action = request.action().name();
            assertNotEquals(WsmanAction.Unknown, request.action(), where + " " + request.header().actionUri());
            d.requestActions.merge(action, 1, Integer::sum);
            if (!x.hasResponse()) {
                continue;
            }
            WsmanEnvelope response = clean(where + " response", x.response());
            d.envelopes++;
            if (response.body() instanceof WsmanBody.Fault fault) {
                d.faults.add(action + "->" + fault.subcode());
            } else {
                // a non-fault answer is the request's own Response (protocol-notes A.3)
                assertEquals(action + "Response", response.action().name(), where);
                if (request.body() instanceof WsmanBody.Send && response.body() instanceof WsmanBody.SendResponse) {
                    d.sendResponses++;
                }
            }
        }
        return d;
    }

    @Test
    void winrm4jRecordingsParseAndMatchTheirDeclaredActions() {
        List<Recording> recordings = Winrm4jRecordings.all();
        assertFalse(recordings.isEmpty());
        int envelopes = 0;
        for (Recording recording : recordings) {
            for (RecordedExchange x : recording.exchanges()) {
                String where = recording.name() + " #" + x.index();
                WsmanEnvelope request = clean(where + " request", x.request());
                assertEquals(x.declaredAction(), request.header().actionUri(), where);
                WsmanEnvelope response = clean(where + " response", x.response());
                assertEquals(request.action().name() + "Response", response.action().name(), where);
                envelopes += 2;
            }
        }
        System.out.printf("winrm4j: %d recordings, %d envelopes parsed%n", recordings.size(), envelopes);
    }

    @Test
    void clientCapturesParseAsTheOperationTheirFileNames() {
        List<ClientCapture> captures = ClientCapture.all();
        assertFalse(captures.isEmpty());
        for (ClientCapture c : captures) {
            String where = c.client() + "/" + c.step();
            assertEquals(c.action(), clean(where, c.body()).action().name(), where);
        }
        System.out.printf("clients: %d request envelopes parsed%n", captures.size());
    }

    @Test
    void winrbResponsesParse() {
        List<byte[]> bodies = Corpus.files("winrm/winrb", "*.xml").stream().map(Corpus::bytes).toList();
        assertFalse(bodies.isEmpty());
        for (int i = 0; i < bodies.size(); i++) {
            WsmanEnvelope e = clean("winrb #" + i, bodies.get(i));
            assertNotEquals(WsmanAction.Unknown, e.action());
        }
        System.out.printf("winrb: %d envelopes parsed%n", bodies.size());
    }

    @Test
    void winrbShapesOfOldAndOmiServers() {
        WsmanEnvelope v1 = clean("open_shell_v1", Corpus.bytes(Corpus.require("winrm/winrb/open_shell_v1.xml")));
        WsmanBody.CreateResponse created = assertInstanceOf(WsmanBody.CreateResponse.class, v1.body());
        // an old server's ShellId keeps its uuid: prefix
        assertEquals("uuid:", created.shellId().substring(0, 5));

        WsmanEnvelope omi = clean("open_shell_omi", Corpus.bytes(Corpus.require("winrm/winrb/open_shell_omi.xml")));
        WsmanBody.CreateResponse omiCreated = assertInstanceOf(WsmanBody.CreateResponse.class, omi.body());
        // OMI pads every value with newlines and indentation
        assertEquals(omiCreated.shellId().trim(), omiCreated.shellId());
        assertEquals(WsmanNamespaces.RESOURCE_POWERSHELL_PREFIX + "Microsoft.PowerShell", omiCreated.resourceUri());

        WsmanEnvelope nested = clean("soap_fault_v2", Corpus.bytes(Corpus.require("winrm/winrb/soap_fault_v2.xml")));
        WsmanBody.Fault fault = assertInstanceOf(WsmanBody.Fault.class, nested.body());
        // the message of the innermost WSManFault, not the provider's ExtendedError
        assertFalse(fault.message().contains("ExecQuery"), fault::toString);
        assertEquals(WsmanAction.Fault, nested.action());
    }
}
