package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.corpus.ClientCapture;
import dev.tapdeck.protocol.corpus.Corpus;
import dev.tapdeck.protocol.corpus.PypsrpRecordings;
import dev.tapdeck.protocol.corpus.RecordedExchange;
import dev.tapdeck.protocol.corpus.TapDrive;
import dev.tapdeck.protocol.corpus.Recording;
import dev.tapdeck.protocol.corpus.Winrm4jRecordings;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.rules.Severity;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.rules.WsmanRule;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.wsman.WsmanAction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Design principle 3: real traffic from real Windows servers produces zero false violations. Every
 * corpus session is driven through the tap exactly as the proxy drives it (request inspected, forwarded,
 * response inspected), and the WS-Man rules must not fire; the Sends must all be seen answered.
 */
class WsmanRulesCorpusTest {

    private record Outcome(List<Violation> violations, int sends, int sendResponses) {
    }

    private static Outcome drive(Recording recording) {
        TapDrive.Driven d = TapDrive.drive(recording, Policy.ENFORCE);
        int sends = 0;
        int sendResponses = 0;
        for (TapResult r : d.results()) {
            WsmanAction action = r.parsed().map(x -> x.action()).orElse(WsmanAction.Unknown);
            sends += action == WsmanAction.Send ? 1 : 0;
            sendResponses += action == WsmanAction.SendResponse ? 1 : 0;
        }
        return new Outcome(d.violations(), sends, sendResponses);
    }

    @Test
    void pypsrpRecordingsFromRealWindowsServersBreakNoWsmanRule() {
        Corpus.require(PypsrpRecordings.FOLDER);
        List<Recording> all = PypsrpRecordings.all();
        assertEquals(66, all.size(), "the corpus README lists 66 pypsrp recordings");
        Map<String, List<String>> notices = new TreeMap<>();
        int sends = 0;
        int sendResponses = 0;
        for (Recording r : all) {
            Outcome o = drive(r);
            sends += o.sends();
            sendResponses += o.sendResponses();
            List<Violation> serious = o.violations().stream().filter(v -> v.severity() == Severity.VIOLATION).toList();
            assertEquals(List.of(), serious, r.name());
            // PSRP notices on real traffic are asserted, one by one, by PsrpSessionCorpusTest
            o.violations().stream().filter(v -> v.rule() instanceof WsmanRule)
                    .forEach(v -> notices.computeIfAbsent(v.rule().id(), k -> new ArrayList<>()).add(r.name()));
        }
        // corpus README: 39 Sends, every one answered by SendResponse (never a Fault)
        assertEquals(39, sends);
        assertEquals(39, sendResponses);
        // the only warnings and notices on real traffic are explained ones: one recording's DeleteResponse
        // relates to another request (see WsmanRule.RELATES_TO_MISMATCH)
        assertEquals(Map.of(WsmanRule.RELATES_TO_MISMATCH.id(), List.of("test_winrs_unicode.yml")), notices,
                "unexpected warnings or notices on real traffic");
    }

    @Test
    void winrm4jRecordingsBreakNoWsmanRule() {
        Corpus.require(Winrm4jRecordings.FOLDER);
        for (Recording r : Winrm4jRecordings.all()) {
            assertEquals(List.of(), drive(r).violations(), r.name());
        }
    }

    @Test
    void capturedClientRequestsBreakNoWsmanRule() {
        Corpus.require(ClientCapture.FOLDER);
        List<ClientCapture> captures = ClientCapture.all();
        // corpus clients/README: pywinrm 5, pypsrp create 1, pypsrp session 6, winrm4j 5, winrmcp 10
        assertEquals(27, captures.size(), "captured client requests");
        WsmanTap tap = new WsmanTap(new EnvelopeReader(), new WsmanSessionState(), Policy.OBSERVE);
        for (ClientCapture c : captures) {
            TapResult r = tap.inspectRequest("application/soap+xml;charset=UTF-8", c.body());
            // no Create responses were captured, so Sends would only raise "unknown shell" notices
            List<Violation> serious = r.violations().stream().filter(v -> v.severity() != Severity.NOTICE).toList();
            assertEquals(List.of(), serious, c.client() + " " + c.step());
            assertTrue(r.parsed().isPresent(), c.client() + " " + c.step());
        }
    }

    @Test
    void theDrivingWouldCatchABrokenRecording() {
        Corpus.require(PypsrpRecordings.FOLDER);
        // test_winrs_send.yml has two sequential Sends; replaying the first twice without its response
        // must raise SEND_OUTSTANDING, proving the corpus drive above really exercises the rule
        Recording r = PypsrpRecordings.named("test_winrs_send.yml");
        WsmanTap tap = new WsmanTap(new EnvelopeReader(), new WsmanSessionState(), Policy.OBSERVE);
        List<Violation> found = new ArrayList<>();
        for (RecordedExchange e : r.exchanges()) {
            TapResult request = tap.inspectRequest("application/soap+xml", e.request());
            found.addAll(request.violations());
            tap.forwarded(request);
            boolean isSend = request.parsed().map(x -> x.action() == WsmanAction.Send).orElse(false);
            if (!isSend) {
                found.addAll(tap.inspectResponse(request, 200, "application/soap+xml", e.response()).violations());
            }
        }
        assertEquals(List.of(WsmanRule.SEND_OUTSTANDING.id()), found.stream().map(v -> v.rule().id()).toList());
    }
}
