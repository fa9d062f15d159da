package dev.tapdeck.protocol.session;

import static dev.tapdeck.protocol.psrp.PsrpMessageType.END_OF_PIPELINE_INPUT;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.ERROR_RECORD;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.PIPELINE_HOST_RESPONSE;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.PIPELINE_INPUT;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.PIPELINE_STATE;
import static dev.tapdeck.protocol.session.PsrpConversation.CMD_ID;
import static dev.tapdeck.protocol.session.PsrpConversation.PID;
import static dev.tapdeck.protocol.session.PsrpConversation.POOL;
import static dev.tapdeck.protocol.session.PsrpConversation.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.session.AuditRecord.Argument;
import dev.tapdeck.protocol.session.PsrpConversation.Stream;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** The audit record of each command: what is in it, when it is handed over, and what is withheld. */
class AuditRecordsTest {
    private static final String HOST_RESPONSE = "<Obj RefId=\"0\"><MS><I64 N=\"ci\">1</I64><Obj N=\"mi\" RefId=\"1\"><TN RefId=\"0\">"
            + "<T>System.Management.Automation.Remoting.RemoteHostMethodId</T><T>System.Enum</T></TN><ToString>ReadLine</ToString>"
            + "<I32>11</I32></Obj><S N=\"mr\">hunter2</S></MS></Obj>";
    private static final String FAILED = "<Obj RefId=\"0\"><MS><I32 N=\"PipelineState\">5</I32><Obj N=\"ExceptionAsErrorRecord\" RefId=\"1\">"
            + "<ToString>The term 'nope' is not recognized</ToString><MS /></Obj></MS></Obj>";
    private static final String ERROR = "<Obj RefId=\"0\"><ToString>Access denied</ToString><MS /></Obj>";

    private static PsrpConversation pipelineWithInputAndHostResponse(boolean redact) {
        PsrpConversation p = new PsrpConversation(Policy.OBSERVE, AuditOptions.of(redact));
        p.openPool();
        p.startPipeline(CMD_ID, PID, PsrpConversation.pipeline("Set-Variable", "Name", "x", "Value", "1"), CMD_ID);
        p.sendAnswered(new Stream("stdin", CMD_ID, concat(p.client(PIPELINE_INPUT, PID, "<S>first</S>"),
                p.client(PIPELINE_INPUT, PID, "<I32>2</I32>"), p.client(END_OF_PIPELINE_INPUT, PID, ""))));
        p.sendAnswered(new Stream("pr", CMD_ID, p.client(PIPELINE_HOST_RESPONSE, PID, HOST_RESPONSE)));
        return p;
    }

    @Test
    void aPipelineIsAuditedWhenItsStateIsFinal() {
        PsrpConversation p = pipelineWithInputAndHostResponse(true);
        p.receivePipeline(CMD_ID, false, p.server(ERROR_RECORD, POOL, PID, ERROR));
        assertEquals(List.of(), p.c.audits(), "still running");
        p.receivePipeline(CMD_ID, true, p.server(PIPELINE_STATE, POOL, PID, FAILED));
        AuditRecord a = p.c.audits().get(0);
        assertEquals(1, p.c.audits().size());
        assertEquals(AuditRecord.Kind.CREATE_PIPELINE, a.kind());
        assertEquals(PsrpConversation.SHELL, a.shellId());
        assertEquals(CMD_ID, a.commandId());
        assertEquals(CMD_ID, a.pipelineId());
        assertEquals("Microsoft.PowerShell", a.endpoint());
        assertEquals(List.of(new AuditRecord.Statement(List.of(new AuditRecord.Command("Set-Variable", false,
                List.of(new Argument("Name", "x"), new Argument("Value", "1")))))), a.statements());
        assertEquals(new AuditRecord.Input(2, a.input().bytes(), List.of("first", "2"), true, null, null), a.input());
        assertEquals(List.of(new AuditRecord.HostResponse("ReadLine", null, true, HOST_RESPONSE.length())), a.hostResponses());
        assertEquals(new AuditRecord.Outcome("Failed", null, List.of("Access denied", "The term 'nope' is not recognized")), a.outcome());
        assertTrue(a.complete());
        assertNull(a.incompleteReason());
    }

    @Test
    void hostResponsesAreShownOnlyWithoutRedaction() {
        PsrpConversation redacted = pipelineWithInputAndHostResponse(true);
        String summary = redacted.c.results.stream().flatMap(r -> r.psrpMessages().stream())
                .filter(m -> m.type().equals("PIPELINE_HOST_RESPONSE")).findFirst().orElseThrow().summary();
        assertFalse(summary.contains("hunter2"), summary);
        assertTrue(summary.startsWith("ReadLine <redacted"), summary);
        PsrpConversation clear = pipelineWithInputAndHostResponse(false);
        assertTrue(clear.c.results.stream().flatMap(r -> r.psrpMessages().stream()).anyMatch(m -> "ReadLine -> hunter2".equals(m.summary())));
        clear.receivePipeline(CMD_ID, true, clear.server(PIPELINE_STATE, POOL, PID, PsrpConversation.state("PipelineState", 4)));
        assertEquals(List.of(new AuditRecord.HostResponse("ReadLine", "hunter2", false, HOST_RESPONSE.length())),
                clear.c.audits().get(0).hostResponses());
    }

    @Test
    void aDeletedShellHandsOverItsRunningPipelinesIncomplete() {
        PsrpConversation p = pipelineWithInputAndHostResponse(true);
        p.c.exchange(p.signal(CMD_ID, "powershell/signal/ctrl_c"), "<rsp:SignalResponse/>", PsrpConversation.SHELL_NS + "/SignalResponse");
        p.c.exchange(p.delete(), "", "http://schemas.xmlsoap.org/ws/2004/09/transfer/DeleteResponse");
        AuditRecord a = p.c.audits().get(0);
        assertFalse(a.complete());
        assertEquals("the shell was deleted before the command ended", a.incompleteReason());
        assertEquals(List.of("ctrl_c"), a.signals());
        assertEquals(0, p.c.tap.runspacePoolCount());
    }

    @Test
    void theTapStoppingHandsOverWhatIsStillRunning() {
        PsrpConversation p = pipelineWithInputAndHostResponse(true);
        List<AuditRecord> left = p.c.tap.finish("proxy stopped");
        assertEquals(1, left.size());
        assertEquals("proxy stopped", left.get(0).incompleteReason());
        assertEquals(List.of(), p.c.tap.finish("again"), "handed over once");
    }

    @Test
    void aRefusedCommandIsAuditedAtOnce() {
        PsrpConversation p = new PsrpConversation();
        p.openPool();
        p.c.exchange(p.command(CMD_ID, null, PsrpConversation.b64(p.client(dev.tapdeck.protocol.psrp.PsrpMessageType.CREATE_PIPELINE,
                PID, PsrpConversation.pipeline("Stop-Computer")))), "<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>"
                + "w:AccessDenied</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang=\"en-US\">no</s:Text></s:Reason></s:Fault>",
                "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault");
        AuditRecord a = p.c.audits().get(0);
        assertEquals("Stop-Computer", a.statements().get(0).commands().get(0).command());
        assertEquals(new AuditRecord.Outcome("Fault", null, List.of("w:AccessDenied: no")), a.outcome());
    }

    @Test
    void theRequesterIsTheOneWhoSentTheCommand() throws Exception {
        PsrpConversation p = new PsrpConversation();
        p.openPool();
        TapResult command = p.c.tap.inspectRequest("application/soap+xml", p.command(CMD_ID, null, PsrpConversation.b64(
                p.client(dev.tapdeck.protocol.psrp.PsrpMessageType.CREATE_PIPELINE, PID, PsrpConversation.pipeline("whoami"))))
                .getBytes(StandardCharsets.UTF_8), new Requester("10.0.0.5:51234", "vagrant"));
        p.c.tap.forwarded(command);
        p.c.response(command, Conversation.response(PsrpConversation.SHELL_NS + "/CommandResponse", PsrpConversation.id(command),
                "<rsp:CommandResponse><rsp:CommandId>" + CMD_ID + "</rsp:CommandId></rsp:CommandResponse>"));
        p.receivePipeline(CMD_ID, true, p.server(PIPELINE_STATE, POOL, PID, PsrpConversation.state("PipelineState", 4)));
        assertEquals(new Requester("10.0.0.5:51234", "vagrant"), p.c.audits().get(0).requester());
    }

    @Test
    void aWinrsCommandWithTextStdin() {
        Conversation c = cmdShellWithCommand();
        for (String text : new String[] {"echo hi\r\n", "exit\r\n"}) {
            TapResult send = c.request(c.send(Conversation.CMD, WINRS_SHELL, WINRS_COMMAND, text, text.startsWith("exit")));
            c.response(send, Conversation.response(Conversation.SEND_RESPONSE, PsrpConversation.id(send), "<rsp:SendResponse/>"));
        }
        c.commandDone(Conversation.CMD, WINRS_SHELL, WINRS_COMMAND, 3);
        AuditRecord a = c.audits().get(0);
        assertEquals(AuditRecord.Kind.WINRS_COMMAND, a.kind());
        assertEquals("cmd", a.endpoint());
        assertEquals("cat", a.commandLine());
        assertEquals(new AuditRecord.Input(2, 15, List.of(), true, "echo hi\r\nexit\r\n", sha256("echo hi\r\nexit\r\n".getBytes(StandardCharsets.UTF_8))),
                a.input());
        assertEquals(new AuditRecord.Outcome("Done", 3L, List.of()), a.outcome());
    }

    @Test
    void binaryStdinIsHashedNotShown() {
        Conversation c = cmdShellWithCommand();
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0, 1};
        String send = c.send(Conversation.CMD, WINRS_SHELL, WINRS_COMMAND, "x", true).replace(PsrpConversation.b64("x".getBytes(StandardCharsets.UTF_8)),
                PsrpConversation.b64(binary));
        c.request(send);
        c.exchange(c.req("http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete", Conversation.CMD, WINRS_SHELL, ""), "",
                "http://schemas.xmlsoap.org/ws/2004/09/transfer/DeleteResponse");
        AuditRecord a = c.audits().get(0);
        assertNull(a.input().text());
        assertEquals(sha256(binary), a.input().sha256());
        assertFalse(a.complete());
    }

    private static final String WINRS_SHELL = "0D6FCA9D-2D40-44C3-B691-E665BE7AA687";
    private static final String WINRS_COMMAND = "1A2B3C4D-0000-4000-8000-000000000001";

    private static Conversation cmdShellWithCommand() {
        Conversation c = new Conversation();
        c.createShell(Conversation.CMD, WINRS_SHELL);
        c.startCommand(Conversation.CMD, WINRS_SHELL, WINRS_COMMAND);
        return c;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
