package dev.tapdeck.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.protocol.psrp.PsrpMessageType;
import dev.tapdeck.protocol.psrp.PsrpRule;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.session.AuditRecord;
import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.TapEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.List;

/**
 * A PowerShell session through the proxy to a scripted upstream: PSRP messages are decoded and shown,
 * enforce mode answers a Send that breaks a PSRP rule with a WS-Man fault and never forwards it, and the
 * pipeline is audited when it completes.
 */
@ExtendWith(VertxExtension.class)
class PsrpThroughProxyTest {
    private final CollectingSink sink = new CollectingSink();
    private final PsrpEnvelopes server = new PsrpEnvelopes();
    private final PsrpEnvelopes client = new PsrpEnvelopes();

    private Future<ScriptedUpstream.Reply> powershell(ScriptedUpstream.Received r) {
        String text = r.text();
        String id = ScriptedUpstream.messageId(text);
        String reply;
        if (text.contains("transfer/Create<")) {
            reply = Envelopes.createResponse(id, PsrpEnvelopes.SHELL).replace(Envelopes.CMD, PsrpEnvelopes.PWSH);
        } else if (text.contains("shell/Command<")) {
            reply = Envelopes.commandResponse(id, PsrpEnvelopes.CMD_ID);
        } else if (text.contains("shell/Send<")) {
            reply = Envelopes.sendResponse(id);
        } else if (text.contains("shell/Receive<")) {
            reply = text.contains("CommandId=") ? server.pipelineCompleted(id) : server.poolOpened(id);
        } else {
            return ScriptedUpstream.now(new ScriptedUpstream.Reply(400, "text/plain", Envelopes.bytes("unexpected")));
        }
        return ScriptedUpstream.now(ScriptedUpstream.Reply.soap(reply));
    }

    @Test
    void enforceModeBlocksSendsThatBreakPsrpRulesAndAuditsThePipeline(Vertx vertx) throws Exception {
        try (ScriptedUpstream up = new ScriptedUpstream(vertx, this::powershell);
             ProxyHarness h = new ProxyHarness(vertx, ProxyHarness.config(up.port(), Policy.ENFORCE), sink)) {
            assertEquals(200, h.post(client.create("uuid:C1")).statusCode());
            assertEquals(200, h.post(PsrpEnvelopes.receive("uuid:R1", null)).statusCode());
            assertEquals(200, h.post(client.command("uuid:C2")).statusCode());

            // a client sending PIPELINE_OUTPUT (server to client only, not in the Send allow-list)
            HttpResponse<String> output = h.post(PsrpEnvelopes.send("uuid:S1", PsrpEnvelopes.CMD_ID,
                    client.client(PsrpMessageType.PIPELINE_OUTPUT, PsrpEnvelopes.PID, "<S>forged</S>")));
            assertEquals(500, output.statusCode());
            assertTrue(output.body().contains(PsrpRule.SEND_MESSAGE_NOT_ALLOWED.id()), output.body());
            assertTrue(output.body().contains("<a:RelatesTo>uuid:S1</a:RelatesTo>"), output.body());
            // pipeline input without the CommandId that targets the pipeline
            HttpResponse<String> untargeted = h.post(PsrpEnvelopes.send("uuid:S2", null,
                    client.client(PsrpMessageType.PIPELINE_INPUT, PsrpEnvelopes.PID, "<S>x</S>")));
            assertEquals(500, untargeted.statusCode());
            assertTrue(untargeted.body().contains(PsrpRule.SEND_PIPELINE_COMMANDID_MISSING.id()), untargeted.body());
            assertTrue(up.received.stream().noneMatch(r -> r.text().contains("uuid:S1") || r.text().contains("uuid:S2")),
                    "the upstream never sees a blocked Send");

            // the well-formed Send goes through, and the pipeline completes
            assertEquals(200, h.post(PsrpEnvelopes.send("uuid:S3", PsrpEnvelopes.CMD_ID,
                    client.client(PsrpMessageType.PIPELINE_INPUT, PsrpEnvelopes.PID, "<S>winrm</S>"))).statusCode());
            assertEquals(200, h.post(PsrpEnvelopes.receive("uuid:R2", PsrpEnvelopes.CMD_ID)).statusCode());

            assertEquals(2, sink.messages().stream().filter(e -> e.verdict() == TapEvent.Verdict.BLOCKED).count());
            List<TapEvent.CommandAudited> audits = sink.of(TapEvent.CommandAudited.class);
            assertEquals(1, audits.size());
            AuditRecord a = audits.get(0).record();
            assertEquals("Get-Service", a.statements().get(0).commands().get(0).command());
            assertEquals(List.of("winrm"), a.input().objects(), "the blocked input never counts");
            assertEquals("Completed", a.outcome().state());
            assertTrue(a.requester().client() != null && a.requester().client().contains("127.0.0.1"), a.requester().toString());
            assertEquals("http://127.0.0.1:" + up.port(), audits.get(0).upstream());
        }
    }

    @Test
    void consoleAndRecordingShowThePsrpMessagesUnderTheirOperation(Vertx vertx) throws Exception {
        try (ScriptedUpstream up = new ScriptedUpstream(vertx, this::powershell);
             ProxyHarness h = new ProxyHarness(vertx, ProxyHarness.config(up.port(), Policy.OBSERVE), sink)) {
            h.post(client.create("uuid:C1"));
            h.post(PsrpEnvelopes.receive("uuid:R1", null));
            h.post(client.command("uuid:C2"));
            h.post(PsrpEnvelopes.send("uuid:S1", PsrpEnvelopes.CMD_ID, client.client(PsrpMessageType.PIPELINE_INPUT,
                    PsrpEnvelopes.PID, "<S>" + "x".repeat(2000) + "</S>")));
            TapEvent.HttpMessageCaptured send = sink.messages().stream().filter(m -> m.exchange() == 4).findFirst().orElseThrow();
            String console = ConsoleSink.format(send);
            assertTrue(console.contains("-> Send shell=" + PsrpEnvelopes.SHELL), console);
            assertTrue(console.contains("PSRP PIPELINE_INPUT pid=" + PsrpEnvelopes.CMD_ID + " 2.0 KB \"xxxx"), console);
            assertFalse(console.contains("(binary)"), "PSRP streams are shown as messages, not as bytes: " + console);
            String command = ConsoleSink.format(sink.messages().stream().filter(m -> m.exchange() == 3).findFirst().orElseThrow());
            assertTrue(command.contains("PSRP CREATE_PIPELINE pid=" + PsrpEnvelopes.CMD_ID) && command.contains("\"Get-Service -Name WinRM\""),
                    command);
            JsonNode line = RecordingFormat.toJson(send);
            JsonNode m = line.path("decoded").path("psrpMessages").get(0);
            assertEquals("PIPELINE_INPUT", m.path("type").asText());
            assertEquals("SEND", m.path("carrier").asText());
            assertEquals(PsrpEnvelopes.CMD_ID, m.path("commandId").asText());
            assertEquals(2, m.path("destination").asInt());
        }
    }
}
