package dev.tapdeck.protocol.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.corpus.CorpusCatalogue;
import dev.tapdeck.protocol.corpus.PypsrpRecordings;
import dev.tapdeck.protocol.corpus.Recording;
import dev.tapdeck.protocol.corpus.TapDrive;
import dev.tapdeck.protocol.psrp.PsrpRule;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.rules.Severity;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.rules.WsmanRule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Real traffic through the session layer (design principle 3): every pypsrp recording of the corpus,
 * driven through the tap in enforce mode as the proxy drives it, decodes to the PSRP messages the corpus
 * README catalogues, breaks no rule, and raises only the notices each explained below. Skipped when the
 * corpus is absent.
 */
class PsrpSessionCorpusTest {
    /** Every notice real traffic raises, with the recordings that raise it and why (asserted exactly). */
    private static final Map<String, Set<String>> EXPLAINED = Map.of(
            // pypsrp sends file chunks in blobs over 32768 bytes; Windows accepts them
            PsrpRule.BLOB_LENGTH_EXCEEDED.id(), Set.of("test_client_copy_file_really_large.yml"),
            // the protocol-2.1 server returned its own CommandId (and ShellId)
            PsrpRule.COMMANDID_NOT_PID.id(), Set.of("test_psrp_run_protocol_version_2.1.yml"),
            PsrpRule.RPID_NOT_SHELLID.id(), Set.of("test_psrp_run_protocol_version_2.1.yml",
                    // this recording holds a WARNING_RECORD of another RunspacePool (RPID C196F63F…, CommandId AC848653…)
                    "test_client_copy_file_warning.yml"),
            // pypsrp answers pipeline host calls on the pool's pr stream; Windows routes them by PID
            PsrpRule.PIPELINE_HOST_RESPONSE_TO_RUNSPACEPOOL.id(), Set.of("test_psrp_pshost_raw_ui_mocked_methods.yml",
                    "test_psrp_pshost_ui_mocked_methods.yml"),
            // long polls answered with w:TimedOut
            PsrpRule.RECEIVE_TIMED_OUT.id(), Set.of("test_psrp_long_running_cmdlet.yml"),
            // the test itself polls a pipeline that does not exist (the server faults w:InvalidSelectors)
            PsrpRule.RECEIVE_UNKNOWN_PIPELINE.id(), Set.of("test_psrp_receive_failure.yml"),
            PsrpRule.RESET_RUNSPACE_STATE_IN_SEND.id(), Set.of("test_psrp_reset_runspace_state.yml",
                    "test_psrp_reset_runspace_state_fail.yml"),
            // pypsrp closes pipelines with the WinRS Terminate signal
            PsrpRule.SIGNAL_TERMINATE.id(), Set.of("test_psrp_multiple_invocations.yml"));

    @Test
    void everyPsrpSessionDecodesAsCataloguedAndBreaksNoRule() {
        Map<String, CorpusCatalogue.Row> catalogue = CorpusCatalogue.pypsrp();
        List<Recording> recordings = PypsrpRecordings.all();
        Map<String, String> mismatches = new TreeMap<>();
        Map<String, Set<String>> notices = new TreeMap<>();
        Map<String, Integer> noticeCounts = new TreeMap<>();
        Set<String> psrpSessions = new TreeSet<>();
        int messages = 0;
        for (Recording r : recordings) {
            TapDrive.Driven d = TapDrive.drive(r, Policy.ENFORCE);
            Map<String, Integer> counts = new TreeMap<>();
            boolean split = false;
            for (TapResult result : d.results()) {
                for (PsrpMessageDecoded m : result.psrpMessages()) {
                    messages++;
                    split |= m.fragmentCount() > 1;
                    // the README's scan did not read connectResponseXml (PsrpCorpusTest checks those)
                    if (m.carrier() != PsrpCarrier.CONNECT_RESPONSE_XML) {
                        counts.merge(m.type(), 1, Integer::sum);
                    }
                }
            }
            CorpusCatalogue.Row row = catalogue.get(r.name());
            if (!new TreeMap<>(row.psrpMessages()).equals(counts) || row.multiFragment() != split) {
                mismatches.put(r.name(), "expected " + new TreeMap<>(row.psrpMessages()) + " multi-fragment " + row.multiFragment()
                        + " but decoded " + counts + " multi-fragment " + split);
            }
            if (!counts.isEmpty()) {
                psrpSessions.add(r.name());
            }
            for (Violation v : d.violations()) {
                boolean explainedWarning = v.rule() == WsmanRule.RELATES_TO_MISMATCH; // see WsmanRulesCorpusTest
                assertTrue(v.severity() == Severity.NOTICE || explainedWarning, r.name() + ": " + v);
                if (v.rule() instanceof PsrpRule && v.rule() != PsrpRule.RPID_ZERO) {
                    notices.computeIfAbsent(v.rule().id(), k -> new TreeSet<>()).add(r.name());
                }
                noticeCounts.merge(v.rule().id(), 1, Integer::sum);
            }
        }
        assertEquals(Map.of(), mismatches);
        assertEquals(49, psrpSessions.size(), "the corpus README: 49 PSRP recordings");
        assertEquals(new TreeMap<>(EXPLAINED), notices);
        // Windows zeroes the RPID of its SESSION_CAPABILITY (one per RunspacePool opened: 53) and ENCRYPTED_SESSION_KEY (2)
        assertEquals(55, noticeCounts.get(PsrpRule.RPID_ZERO.id()));
        System.out.println("PsrpSessionCorpusTest: " + messages + " PSRP messages in " + psrpSessions.size()
                + " PSRP sessions through the tap, 0 violations; notices " + noticeCounts);
    }

    @Test
    void everyNoticeOfTheCatalogueIsOneRealTrafficNeedsOrAnExplainedIdentityQuirk() {
        Set<String> notices = new TreeSet<>();
        for (PsrpRule r : PsrpRule.values()) {
            if (r.severity() == Severity.NOTICE) {
                notices.add(r.id());
            }
        }
        Set<String> expected = new TreeSet<>(EXPLAINED.keySet());
        expected.add(PsrpRule.RPID_ZERO.id());
        assertEquals(expected, notices, "each PSRP notice is justified by the corpus");
        for (PsrpRule r : PsrpRule.values()) {
            assertEquals("PsrpRule." + r.name(), r.id());
            assertTrue(r.section().startsWith("MS-PSRP") || r.section().startsWith("MS-WSMV"), r.id());
            assertTrue(!r.description().isBlank(), r.id());
        }
    }
}
