package dev.tapdeck.protocol.psrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.corpus.CorpusCatalogue;
import dev.tapdeck.protocol.corpus.PypsrpRecordings;
import dev.tapdeck.protocol.corpus.Recording;
import dev.tapdeck.protocol.psrp.PsrpCorpusScan.Carrier;
import dev.tapdeck.protocol.psrp.PsrpCorpusScan.Found;
import dev.tapdeck.protocol.psrp.PsrpCorpusScan.Result;
import dev.tapdeck.protocol.rules.Severity;
import dev.tapdeck.protocol.rules.Violation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Real traffic: every pypsrp recording of the corpus (requests from pypsrp, responses from Windows
 * servers) decoded to PSRP messages and compared with the catalogue in the corpus README, which an
 * independent scan produced. Skipped when the corpus is absent.
 */
class PsrpCorpusTest {
    private static List<Recording> recordings;

    /** Loaded once per run; skips (through {@link PypsrpRecordings#all()}) when the corpus is absent. */
    static synchronized List<Recording> recordings() {
        if (recordings == null) {
            recordings = PypsrpRecordings.all();
        }
        return recordings;
    }

    /**
     * The catalogue's scan read creationXml, connectXml, Command Arguments and the Send and Receive
     * streams, not connectResponseXml (corpus README): those messages are compared separately below.
     */
    @Test
    void decodedMessageCountsMatchTheReadmeCatalogue() {
        Map<String, CorpusCatalogue.Row> catalogue = CorpusCatalogue.pypsrp();
        List<Recording> recordings = recordings();
        assertEquals(catalogue.keySet(), recordings.stream().map(Recording::name).collect(Collectors.toSet()));
        Map<String, String> mismatches = new TreeMap<>();
        int total = 0;
        int connectResponse = 0;
        int multiFragment = 0;
        for (Recording r : recordings) {
            Result result = PsrpCorpusScan.scan(r);
            Map<String, Integer> counts = new TreeMap<>();
            result.messages().stream().filter(f -> f.carrier() != Carrier.CONNECT_RESPONSE_XML)
                    .forEach(f -> counts.merge(f.message().typeName(), 1, Integer::sum));
            CorpusCatalogue.Row row = catalogue.get(r.name());
            if (!new TreeMap<>(row.psrpMessages()).equals(counts)) {
                mismatches.put(r.name(), "expected " + new TreeMap<>(row.psrpMessages()) + " but decoded " + counts);
            }
            boolean split = result.messages().stream().anyMatch(f -> f.assembled().fragmentCount() > 1);
            if (row.multiFragment() != split) {
                mismatches.put(r.name() + " multi-fragment", "expected " + row.multiFragment());
            }
            total += result.messages().size();
            connectResponse += (int) result.messages().stream().filter(f -> f.carrier() == Carrier.CONNECT_RESPONSE_XML).count();
            multiFragment += split ? 1 : 0;
        }
        assertEquals(Map.of(), mismatches);
        int expected = catalogue.values().stream().mapToInt(row -> row.psrpMessages().values().stream().mapToInt(i -> i).sum()).sum();
        assertEquals(expected, total - connectResponse);
        System.out.println("PsrpCorpusTest: " + total + " PSRP messages decoded from " + recordings.size() + " recordings ("
                + (total - connectResponse) + " as catalogued + " + connectResponse + " from connectResponseXml); "
                + multiFragment + " recordings with multi-fragment messages");
    }

    @Test
    void connectResponseCarriesSessionCapabilityThenRunspacePoolInitData() {
        int connects = 0;
        for (Recording r : recordings()) {
            List<Found> found = PsrpCorpusScan.scan(r).messages().stream().filter(f -> f.carrier() == Carrier.CONNECT_RESPONSE_XML).toList();
            for (int i = 0; i < found.size(); i += 2) {
                // [MS-PSRP] 3.1.4.10.3: the ConnectResponse brings SESSION_CAPABILITY (and RUNSPACEPOOL_INIT_DATA, 2.2.2.30)
                assertEquals(PsrpMessageType.SESSION_CAPABILITY, found.get(i).message().type(), r.name());
                assertEquals(PsrpMessageType.RUNSPACEPOOL_INIT_DATA, found.get(i + 1).message().type(), r.name());
                connects++;
            }
        }
        assertTrue(connects > 0, "the corpus has Connect exchanges");
    }

    /**
     * Design principle 3: real traffic gives no false violations. The one deviation seen is pypsrp's
     * oversized blobs in file copies, which Windows accepts: a notice.
     */
    @Test
    void realTrafficBreaksNoFramingRuleBeyondNotices() {
        int notices = 0;
        for (Recording r : recordings()) {
            Result result = PsrpCorpusScan.scan(r);
            for (Violation v : result.violations()) {
                assertEquals(Severity.NOTICE, v.severity(), r.name() + ": " + v);
                assertEquals(PsrpRule.BLOB_LENGTH_EXCEEDED, v.rule(), r.name() + ": " + v);
                notices++;
            }
            assertEquals(List.of(), result.problems(), r.name());
        }
        System.out.println("PsrpCorpusTest: " + notices + " BLOB_LENGTH_EXCEEDED notices, no violations");
    }

    @Test
    void fetchFileServerMessageSpansElevenFragmentsInThreeReceiveResponses() {
        Result result = PsrpCorpusScan.scan(PypsrpRecordings.named("test_client_fetch_file.yml"));
        List<Found> split = result.messages().stream().filter(f -> f.assembled().fragmentCount() > 1).toList();
        assertEquals(1, split.size());
        Found m = split.get(0);
        assertEquals(11, m.assembled().fragmentCount());
        assertEquals(PsrpDirection.SERVER_TO_CLIENT, m.direction());
        Set<Integer> exchanges = result.payloads().stream()
                .filter(p -> p.direction() == m.direction() && p.shellId().equals(m.shellId()))
                .filter(p -> p.fragments().stream().anyMatch(f -> f.objectId() == m.assembled().objectId()))
                .map(PsrpCorpusScan.Payload::exchange).collect(Collectors.toSet());
        assertEquals(3, exchanges.size());
        assertTrue(result.payloads().stream().filter(p -> exchanges.contains(p.exchange()))
                .allMatch(p -> p.carrier() == Carrier.RECEIVE_RESPONSE));
        // Windows fills blobs to 32,747 bytes (protocol-notes A.8)
        long full = result.payloads().stream().flatMap(p -> p.fragments().stream())
                .filter(f -> f.objectId() == m.assembled().objectId() && !f.end()).filter(f -> f.blob().length == 32747).count();
        assertEquals(10, full);
    }

    @Test
    void smallMessageSizeSplitsCreatePipelineAcrossCommandArgumentsAndSend() {
        Result result = PsrpCorpusScan.scan(PypsrpRecordings.named("test_psrp_small_msg_size.yml"));
        Found create = result.messages().stream().filter(f -> f.message().type() == PsrpMessageType.CREATE_PIPELINE)
                .findFirst().orElseThrow();
        assertTrue(create.assembled().fragmentCount() >= 2);
        assertEquals(Carrier.SEND, create.carrier()); // completed by the Send
        Set<Carrier> carriers = result.payloads().stream()
                .filter(p -> p.direction() == PsrpDirection.CLIENT_TO_SERVER)
                .filter(p -> p.fragments().stream().anyMatch(f -> f.objectId() == create.assembled().objectId()))
                .map(PsrpCorpusScan.Payload::carrier).collect(Collectors.toSet());
        assertEquals(Set.of(Carrier.ARGUMENTS, Carrier.SEND), carriers);
        Fragment first = result.payloads().stream().filter(p -> p.carrier() == Carrier.ARGUMENTS)
                .flatMap(p -> p.fragments().stream()).findFirst().orElseThrow();
        assertTrue(first.start() && !first.end() && first.fragmentId() == 0);
    }

    @Test
    void rpidOfEveryCreateIsTheProposedShellIdInOneOfTheTwoKnownLayouts() {
        int dotNet = 0;
        int rfc = 0;
        int serverChosen = 0;
        for (Recording r : recordings()) {
            for (PsrpCorpusScan.Create c : PsrpCorpusScan.scan(r).creates()) {
                // the RPID is the pool GUID the client chose, i.e. the ShellId it proposed
                DotNetGuid.Layout layout = DotNetGuid.layoutOf(c.rpid(), UUID.fromString(c.proposedShellId()));
                assertNotNull(layout, r.name() + " shell " + c.proposedShellId());
                dotNet += layout == DotNetGuid.Layout.DOT_NET ? 1 : 0;
                rfc += layout == DotNetGuid.Layout.RFC_4122 ? 1 : 0;
                serverChosen += c.proposedShellId().equalsIgnoreCase(c.shellId()) ? 0 : 1;
            }
        }
        System.out.println("PsrpCorpusTest: RPID layouts at Create: " + dotNet + " .NET, " + rfc + " RFC 4122; "
                + serverChosen + " server-chosen ShellIds");
        assertTrue(dotNet > 0 && rfc > 0, "both layouts occur in the corpus");
    }

    @Test
    void bomOnEveryServerMessageAndOnNoPypsrpMessage() {
        for (Recording r : recordings()) {
            for (Found f : PsrpCorpusScan.scan(r).messages()) {
                boolean server = f.direction() == PsrpDirection.SERVER_TO_CLIENT;
                assertEquals(server, f.message().bom(), r.name() + " " + f.message());
            }
        }
    }
}
