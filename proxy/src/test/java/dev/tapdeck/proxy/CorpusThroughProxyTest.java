package dev.tapdeck.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.corpus.PypsrpRecordings;
import dev.tapdeck.protocol.corpus.RecordedExchange;
import dev.tapdeck.protocol.corpus.Recording;
import dev.tapdeck.protocol.corpus.TapDrive;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.session.AuditRecord;
import dev.tapdeck.protocol.session.Requester;
import dev.tapdeck.recorder.TapEvent;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every recorded session of the corpus through the RUNNING proxy: a client sends each recorded request,
 * the upstream answers with the recorded responses in order, and the proxy must relay them unchanged and
 * produce the same audit records, PSRP messages and rule occurrences as the tap driven directly
 * ({@link TapDrive}). Skipped when the corpus is absent.
 */
@ExtendWith(VertxExtension.class)
class CorpusThroughProxyTest {
    /** vagrant:vagrant, as the corpus' test hosts used. */
    private static final String BASIC = "Basic dmFncmFudDp2YWdyYW50";

    @Test
    void everyRecordedSessionGivesTheSameAuditThroughTheProxyAsThroughTheTap(Vertx vertx) throws Exception {
        List<Recording> recordings = PypsrpRecordings.all();
        Map<String, String> mismatches = new TreeMap<>();
        int audits = 0;
        int messages = 0;
        for (Recording r : recordings) {
            CollectingSink sink = new CollectingSink();
            try (RecordedUpstream up = new RecordedUpstream(vertx, r)) {
                ProxyHarness h = new ProxyHarness(vertx, ProxyHarness.config(up.port(), Policy.OBSERVE), sink);
                for (RecordedExchange e : r.exchanges()) {
                    HttpRequest request = HttpRequest.newBuilder(h.uri()).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/soap+xml;charset=UTF-8").header("Authorization", BASIC)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(e.request())).build();
                    if (e.hasResponse()) {
                        HttpResponse<byte[]> resp = h.client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        assertEquals(e.transportErrorCode() == null ? 200 : e.transportErrorCode(), resp.statusCode(), r.name());
                        assertArrayEquals(e.response(), resp.body(), r.name() + " #" + e.index() + " relayed unchanged");
                    } else {
                        // the server dropped the connection; the proxy drops the client's (NTLM binds the two), or answers 502
                        try {
                            assertEquals(502, h.client.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode());
                        } catch (IOException dropped) {
                            // as the recorded client saw it
                        }
                    }
                }
                h.close(); // the proxy stops: commands still running are audited as incomplete
            }
            List<TapEvent.CommandAudited> viaProxy = sink.of(TapEvent.CommandAudited.class);
            assertTrue(viaProxy.stream().allMatch(a -> new Requester(a.record().requester().client(), "vagrant")
                    .equals(a.record().requester()) && a.record().requester().client().contains("127.0.0.1")), r.name());
            TapDrive.Driven direct = TapDrive.drive(r, Policy.OBSERVE);
            List<AuditRecord> proxied = viaProxy.stream().map(a -> normalised(a.record())).toList();
            List<AuditRecord> tapped = direct.audits().stream().map(CorpusThroughProxyTest::normalised).toList();
            if (!proxied.equals(tapped)) {
                mismatches.put(r.name(), "proxy " + proxied + "\n tap " + tapped);
            }
            List<String> proxiedTypes = sink.messages().stream().filter(m -> m.annotation() instanceof WinrmAnnotation)
                    .flatMap(m -> ((WinrmAnnotation) m.annotation()).psrpMessages().stream()).map(m -> m.type()).toList();
            List<String> tappedTypes = direct.results().stream().flatMap(t -> t.psrpMessages().stream()).map(m -> m.type()).toList();
            if (!proxiedTypes.equals(tappedTypes)) {
                mismatches.put(r.name() + " PSRP", proxiedTypes + " vs " + tappedTypes);
            }
            List<String> proxiedRules = sink.ruleIds().stream().sorted().toList();
            List<String> tappedRules = direct.violations().stream().map(v -> v.rule().id()).sorted().toList();
            if (!proxiedRules.equals(tappedRules)) {
                mismatches.put(r.name() + " rules", proxiedRules + " vs " + tappedRules);
            }
            audits += proxied.size();
            messages += proxiedTypes.size();
        }
        assertEquals(Map.of(), mismatches);
        assertEquals(71, audits, "50 PowerShell commands and 21 WinRS commands in the pypsrp recordings");
        System.out.println("CorpusThroughProxyTest: " + recordings.size() + " recordings, " + messages + " PSRP messages and "
                + audits + " audit records through the proxy, identical to the direct tap");
    }

    /** Without who sent it (the proxy knows, the direct tap does not) and with one wording for "the end". */
    private static AuditRecord normalised(AuditRecord a) {
        String reason = a.incompleteReason();
        if (TapDrive.END.equals(reason) || "the proxy stopped before the command ended".equals(reason)) {
            reason = "end";
        }
        return new AuditRecord(a.kind(), a.shellId(), a.commandId(), a.pipelineId(), a.resourceUri(), a.endpoint(), Requester.UNKNOWN,
                a.statements(), a.metadata(), a.commandLine(), a.arguments(), a.input(), a.hostResponses(), a.signals(), a.outcome(),
                a.complete(), reason);
    }
}
