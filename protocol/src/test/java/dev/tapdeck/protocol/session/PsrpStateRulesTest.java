package dev.tapdeck.protocol.session;

import static dev.tapdeck.protocol.psrp.PsrpMessageType.CREATE_PIPELINE;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.END_OF_PIPELINE_INPUT;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.GET_AVAILABLE_RUNSPACES;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.PIPELINE_INPUT;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.RUNSPACEPOOL_STATE;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.SESSION_CAPABILITY;
import static dev.tapdeck.protocol.session.PsrpConversation.CMD_ID;
import static dev.tapdeck.protocol.session.PsrpConversation.INPUT;
import static dev.tapdeck.protocol.session.PsrpConversation.PID;
import static dev.tapdeck.protocol.session.PsrpConversation.POOL;
import static dev.tapdeck.protocol.session.PsrpConversation.ZERO;
import static dev.tapdeck.protocol.session.PsrpConversation.b64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.psrp.DotNetGuid;
import dev.tapdeck.protocol.psrp.Fragmenter;
import dev.tapdeck.protocol.psrp.PsrpRule;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.rules.WsmanRule;
import dev.tapdeck.protocol.session.PsrpConversation.Stream;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

/**
 * Outstanding Sends, the RunspacePool state machine and identities ([MS-PSRP] 3.1.5.3.5, 3.1.5.4, 2.2.1;
 * protocol-notes E, R6, R13, W1, W3): for each rule one conversation that breaks it and one that does not.
 */
class PsrpStateRulesTest {
    private static final String PIPELINE = PsrpConversation.pipeline("Get-Item", "Path", "C:\\");
    private static final String GET_RUNSPACES = "<Obj RefId=\"0\"><MS><I64 N=\"ci\">1</I64></MS></Obj>";

    @Test
    void oneOutstandingSendPerPipelineButPoolAndPipelineMayOverlap() {
        PsrpConversation p = new PsrpConversation();
        p.openPool();
        p.startPipeline(CMD_ID, PID, PIPELINE, CMD_ID);
        p.c.request(p.send(new Stream("stdin", CMD_ID, p.client(PIPELINE_INPUT, PID, INPUT))));
        p.c.request(p.send(new Stream("stdin", null, p.client(GET_AVAILABLE_RUNSPACES, ZERO, GET_RUNSPACES))));
        assertEquals(List.of(), p.psrpRules(), "one to the pipeline and one to the pool may be outstanding together");
        assertFalse(p.c.ruleIds().contains(WsmanRule.SEND_OUTSTANDING.id()), "the per-shell WinRS rule does not apply to PSRP");
        p.c.request(p.send(new Stream("stdin", CMD_ID, p.client(END_OF_PIPELINE_INPUT, PID, ""))));
        assertEquals(List.of(PsrpRule.SEND_OUTSTANDING.id()), p.psrpRules());
    }

    @Test
    void aSendResponseOrFaultReleasesTheTarget() {
        PsrpConversation p = new PsrpConversation();
        p.openPool();
        p.startPipeline(CMD_ID, PID, PIPELINE, CMD_ID);
        p.sendAnswered(new Stream("stdin", CMD_ID, p.client(PIPELINE_INPUT, PID, INPUT)));
        TapResult faulted = p.c.request(p.send(new Stream("stdin", CMD_ID, p.client(PIPELINE_INPUT, PID, INPUT))));
        p.c.response(faulted, Conversation.response("http://schemas.dmtf.org/wbem/wsman/1/wsman/fault", PsrpConversation.id(faulted),
                "<s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code><s:Reason><s:Text xml:lang=\"en-US\">no</s:Text></s:Reason></s:Fault>"));
        TapResult lost = p.c.request(p.send(new Stream("stdin", CMD_ID, p.client(PIPELINE_INPUT, PID, INPUT))));
        p.c.tap.responseMissing(lost, "upstream closed");
        p.c.request(p.send(new Stream("stdin", CMD_ID, p.client(END_OF_PIPELINE_INPUT, PID, ""))));
        assertEquals(List.of(), p.psrpRules());
    }

    @Test
    void poolRequestsWaitForOpened() {
        PsrpConversation p = new PsrpConversation();
        p.createPool();
        p.c.request(p.command(CMD_ID, null, b64(p.client(CREATE_PIPELINE, PID, PIPELINE))));
        assertEquals(List.of(PsrpRule.RUNSPACEPOOL_NOT_OPENED.id()), p.psrpRules());
        assertTrue(p.c.violations.get(p.c.violations.size() - 1).detail().contains("NegotiationSent"));
        PsrpConversation q = new PsrpConversation();
        q.openPool();
        q.c.request(q.command(CMD_ID, null, b64(q.client(CREATE_PIPELINE, PID, PIPELINE))));
        assertEquals(List.of(), q.psrpRules());
    }

    @Test
    void nothingButDeleteGoesToABrokenPool() {
        PsrpConversation p = new PsrpConversation();
        p.openPool();
        p.receivePool(p.server(RUNSPACEPOOL_STATE, POOL, ZERO, PsrpConversation.state("RunspaceState", 5)));
        p.c.request(p.send(new Stream("stdin", null, p.client(GET_AVAILABLE_RUNSPACES, ZERO, GET_RUNSPACES))));
        assertEquals(List.of(PsrpRule.RUNSPACEPOOL_CLOSED.id()), p.psrpRules());
    }

    @Test
    void aPoolJoinedLateHasNoStateToCheck() {
        PsrpConversation p = new PsrpConversation(); // no Create seen: the Command is the first thing the tap sees
        p.c.request(p.command(CMD_ID, null, b64(p.client(CREATE_PIPELINE, PID, PIPELINE))));
        assertEquals(List.of(), p.psrpRules());
    }

    @Test
    void rpidMatchesTheShellIdInEitherByteOrder() {
        PsrpConversation p = new PsrpConversation();
        // an old pypsrp client writes RFC 4122 order: accepted silently
        byte[] rfc = p.client(SESSION_CAPABILITY, ZERO, PsrpConversation.SESSION_CAPABILITY);
        System.arraycopy(DotNetGuid.toRfc4122Bytes(POOL), 0, rfc, 21 + 8, 16);
        p.c.exchange(p.create(b64(rfc)), PsrpConversation.createResponse(PsrpConversation.SHELL),
                "http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse");
        p.receivePool(p.server(RUNSPACEPOOL_STATE, POOL, ZERO, PsrpConversation.state("RunspaceState", 2)));
        assertEquals(List.of(), p.psrpRules());
        assertEquals(PsrpConversation.SHELL, p.c.results.get(0).psrpMessages().get(0).rpid(), "shown in the client's order");
        // a message of another RunspacePool: a notice, once
        UUID other = UUID.fromString("C196F63F-0000-4000-8000-000000000001");
        for (int i = 0; i < 2; i++) {
            p.sendAnswered(new Stream("stdin", null, Fragmenter.encode(p.clientFragments(GET_AVAILABLE_RUNSPACES, other, ZERO,
                    GET_RUNSPACES, 1000))));
        }
        assertEquals(List.of(PsrpRule.RPID_NOT_SHELLID.id()), p.psrpRules(), "once per RPID value");
    }

    @Test
    void windowsZeroesTheRpidOfItsSessionCapability() {
        PsrpConversation p = new PsrpConversation();
        p.openPool();
        assertEquals(List.of(PsrpRule.RPID_ZERO.id()), p.c.ruleIds());
    }

    /** test_psrp_run_protocol_version_2.1.yml: the server returned its own CommandId. */
    @Test
    void aServerChosenCommandIdIsANoticeAndStillCorrelates() {
        PsrpConversation p = new PsrpConversation();
        p.openPool();
        p.startPipeline(CMD_ID, PID, PIPELINE, PsrpConversation.CMD_ID_2);
        assertEquals(List.of(PsrpRule.COMMANDID_NOT_PID.id()), p.psrpRules());
        p.sendAnswered(new Stream("stdin", PsrpConversation.CMD_ID_2, p.client(PIPELINE_INPUT, PID, INPUT)));
        assertEquals(List.of(PsrpRule.COMMANDID_NOT_PID.id()), p.psrpRules(), "the PID of the returned CommandId is the CREATE_PIPELINE's");
    }

    @Test
    void malformedDataAndUnfinishedMessagesAreReported() {
        PsrpConversation p = new PsrpConversation();
        p.openPool();
        p.startPipeline(CMD_ID, PID, "<Obj RefId=\"0\">", CMD_ID);
        assertEquals(List.of(PsrpRule.MESSAGE_DATA_MALFORMED.id()), p.psrpRules());
        p.c.request(p.command(PsrpConversation.CMD_ID_2, null, b64(Fragmenter.encode(
                p.clientFragments(CREATE_PIPELINE, POOL, PsrpConversation.PID_2, PIPELINE, 100).get(0)))));
        p.c.exchange(p.delete(), "", "http://schemas.xmlsoap.org/ws/2004/09/transfer/DeleteResponse");
        assertEquals(List.of(PsrpRule.MESSAGE_DATA_MALFORMED.id(), PsrpRule.END_FRAGMENT_MISSING.id()), p.psrpRules());
    }

    @Test
    void aBlockedRequestLeavesNoTrace() {
        PsrpConversation p = new PsrpConversation(Policy.ENFORCE);
        p.openPool();
        p.startPipeline(CMD_ID, PID, PIPELINE, CMD_ID);
        List<dev.tapdeck.protocol.psrp.Fragment> input = p.clientFragments(PIPELINE_INPUT, POOL, PID, INPUT, 30);
        // a pipeline Send without CommandId carrying the first half of a message: blocked
        TapResult blocked = p.c.request(p.send(new Stream("stdin", null, Fragmenter.encode(input.get(0)))));
        assertTrue(blocked.blocked());
        assertEquals(PsrpRule.SEND_PIPELINE_COMMANDID_MISSING, blocked.blockedBy().orElseThrow().rule());
        // the client retries it properly: the tap's assembler did not keep the blocked half, nothing is out of order
        p.sendAnswered(new Stream("stdin", CMD_ID, Fragmenter.encode(input)));
        assertEquals(List.of(PsrpRule.SEND_PIPELINE_COMMANDID_MISSING.id()), p.psrpRules());
        assertTrue(p.c.psrpTypes().contains("PIPELINE_INPUT"));
    }
}
