package dev.tapdeck.protocol.session;

import static dev.tapdeck.protocol.psrp.PsrpMessageType.PIPELINE_OUTPUT;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.PIPELINE_STATE;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.RUNSPACEPOOL_STATE;
import static dev.tapdeck.protocol.session.PsrpConversation.CMD_ID;
import static dev.tapdeck.protocol.session.PsrpConversation.PID;
import static dev.tapdeck.protocol.session.PsrpConversation.POOL;
import static dev.tapdeck.protocol.session.PsrpConversation.RECEIVE_RESPONSE;
import static dev.tapdeck.protocol.session.PsrpConversation.ZERO;
import static dev.tapdeck.protocol.session.PsrpConversation.receiveResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.psrp.PsrpRule;
import dev.tapdeck.protocol.rules.WsmanRule;
import dev.tapdeck.protocol.session.PsrpConversation.Stream;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * Receive, ReceiveResponse and Signal of a RunspacePool ([MS-PSRP] 3.1.5.3.7 to 3.1.5.3.9; protocol-notes
 * E, R10 to R12, W2): for each rule one conversation that breaks it and one that does not.
 */
class PsrpReceiveRulesTest {
    private static final String OUTPUT = "<S>hello</S>";
    private static final String PIPELINE = PsrpConversation.pipeline("Write-Output", "InputObject", "hello");

    @Test
    void pipelineOutputOnItsCommandStreamIsClean() {
        PsrpConversation p = PsrpConversation.openWithPipeline(PIPELINE);
        p.receivePipeline(CMD_ID, true, p.server(PIPELINE_OUTPUT, POOL, PID, OUTPUT),
                p.server(PIPELINE_STATE, POOL, PID, PsrpConversation.state("PipelineState", 4)));
        assertEquals(List.of(), p.psrpRules());
        assertTrue(p.c.psrpTypes().containsAll(List.of("PIPELINE_OUTPUT", "PIPELINE_STATE")));
    }

    @Test
    void receiveAsksForStdoutOnly() {
        PsrpConversation p = PsrpConversation.openWithPipeline(PIPELINE);
        p.c.request(p.receive(CMD_ID, "stdout stderr"));
        assertEquals(List.of(PsrpRule.RECEIVE_STREAM_NOT_STDOUT.id()), p.psrpRules());
    }

    @Test
    void receiveForAnUnknownPipelineIsANotice() {
        PsrpConversation p = PsrpConversation.openWithPipeline(PIPELINE);
        p.c.request(p.receive(PsrpConversation.CMD_ID_2, "stdout"));
        assertEquals(List.of(PsrpRule.RECEIVE_UNKNOWN_PIPELINE.id()), p.psrpRules());
    }

    @Test
    void receiveResponseDataTravelsOnStdoutOnly() {
        PsrpConversation p = PsrpConversation.openWithPipeline(PIPELINE);
        TapResult r = p.c.request(p.receive(CMD_ID, "stdout"));
        p.c.response(r, Conversation.response(RECEIVE_RESPONSE, PsrpConversation.id(r),
                receiveResponse(null, new Stream("stderr", CMD_ID, p.server(PIPELINE_OUTPUT, POOL, PID, OUTPUT)))));
        assertEquals(List.of(PsrpRule.RECEIVE_RESPONSE_STREAM_NOT_STDOUT.id()), p.psrpRules());
        assertFalse(p.c.psrpTypes().contains("PIPELINE_OUTPUT"), "[MS-PSRP] 3.1.5.3.8: the data is discarded, as the client does");
    }

    @Test
    void receiveResponseAnswersOnlyAReceive() {
        PsrpConversation p = PsrpConversation.openWithPipeline(PIPELINE);
        TapResult send = p.c.request(p.send(new Stream("stdin", CMD_ID, p.client(dev.tapdeck.protocol.psrp.PsrpMessageType.PIPELINE_INPUT,
                PID, PsrpConversation.INPUT))));
        p.c.response(send, Conversation.response(RECEIVE_RESPONSE, PsrpConversation.id(send), receiveResponse(null)));
        assertEquals(List.of(PsrpRule.RECEIVE_RESPONSE_UNSOLICITED.id()), p.psrpRules());
        assertTrue(p.c.ruleIds().contains(WsmanRule.SEND_UNANSWERED.id()), "the WS-Man layer reports the Send (R7), not PSRP again");
    }

    @Test
    void pipelineMessagesOnPipelineStreamsAndPoolMessagesOnPoolStreams() {
        PsrpConversation p = PsrpConversation.openWithPipeline(PIPELINE);
        p.receivePool(p.server(PIPELINE_OUTPUT, POOL, PID, OUTPUT));
        assertEquals(List.of(PsrpRule.RECEIVE_TARGET_MISMATCH.id()), p.psrpRules());
        PsrpConversation q = PsrpConversation.openWithPipeline(PIPELINE);
        q.receivePipeline(CMD_ID, false, q.server(RUNSPACEPOOL_STATE, POOL, ZERO, PsrpConversation.state("RunspaceState", 2)));
        assertEquals(List.of(PsrpRule.RECEIVE_TARGET_MISMATCH.id()), q.psrpRules());
        PsrpConversation r = PsrpConversation.openWithPipeline(PIPELINE); // PIPELINE_STATE may target either ([MS-PSRP] 2.2.1)
        r.receivePool(r.server(PIPELINE_STATE, POOL, ZERO, PsrpConversation.state("PipelineState", 4)));
        assertEquals(List.of(), r.psrpRules());
    }

    @Test
    void serverPipelineMessagesCarryThePidOfTheirCommandId() {
        PsrpConversation p = PsrpConversation.openWithPipeline(PIPELINE);
        p.receivePipeline(CMD_ID, false, p.server(PIPELINE_OUTPUT, POOL, PsrpConversation.PID_2, OUTPUT));
        assertEquals(List.of(PsrpRule.PID_NOT_COMMAND.id()), p.psrpRules());
    }

    @Test
    void timedOutReceiveIsANotice() {
        PsrpConversation p = PsrpConversation.openWithPipeline(PIPELINE);
        TapResult r = p.c.request(p.receive(CMD_ID, "stdout"));
        p.c.response(r, Conversation.response("http://schemas.dmtf.org/wbem/wsman/1/wsman/fault", PsrpConversation.id(r),
                "<s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>w:TimedOut</s:Value></s:Subcode></s:Code>"
                        + "<s:Reason><s:Text xml:lang=\"en-US\">timed out</s:Text></s:Reason></s:Fault>"));
        assertEquals(List.of(PsrpRule.RECEIVE_TIMED_OUT.id()), p.psrpRules());
    }

    @Test
    void signalCodes() {
        PsrpConversation p = PsrpConversation.openWithPipeline(PIPELINE);
        p.c.exchange(p.signal(CMD_ID, "powershell/signal/ctrl_c"), "<rsp:SignalResponse/>", PsrpConversation.SHELL_NS + "/SignalResponse");
        p.c.request(p.signal(CMD_ID, "powershell/signal/crtl_c")); // the spec's own spelling
        assertEquals(List.of(), p.psrpRules());
        p.c.request(p.signal(CMD_ID, PsrpConversation.SHELL_NS + "/signal/Terminate"));
        assertEquals(List.of(PsrpRule.SIGNAL_TERMINATE.id()), p.psrpRules());
        p.c.request(p.signal(CMD_ID, PsrpConversation.SHELL_NS + "/signal/ctrl_break"));
        assertEquals(List.of(PsrpRule.SIGNAL_TERMINATE.id(), PsrpRule.SIGNAL_CODE_INVALID.id()), p.psrpRules());
    }
}
