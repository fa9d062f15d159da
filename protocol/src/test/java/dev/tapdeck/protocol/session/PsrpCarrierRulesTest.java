package dev.tapdeck.protocol.session;

import static dev.tapdeck.protocol.psrp.PsrpMessageType.CONNECT_RUNSPACEPOOL;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.CREATE_PIPELINE;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.END_OF_PIPELINE_INPUT;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.GET_COMMAND_METADATA;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.INIT_RUNSPACEPOOL;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.PIPELINE_HOST_RESPONSE;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.PIPELINE_INPUT;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.PIPELINE_OUTPUT;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.RESET_RUNSPACE_STATE;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.SESSION_CAPABILITY;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.SET_MAX_RUNSPACES;
import static dev.tapdeck.protocol.session.PsrpConversation.CMD_ID;
import static dev.tapdeck.protocol.session.PsrpConversation.INPUT;
import static dev.tapdeck.protocol.session.PsrpConversation.PID;
import static dev.tapdeck.protocol.session.PsrpConversation.POOL;
import static dev.tapdeck.protocol.session.PsrpConversation.ZERO;
import static dev.tapdeck.protocol.session.PsrpConversation.b64;
import static dev.tapdeck.protocol.session.PsrpConversation.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.psrp.Fragment;
import dev.tapdeck.protocol.psrp.Fragmenter;
import dev.tapdeck.protocol.psrp.PsrpRule;
import dev.tapdeck.protocol.rules.Severity;
import dev.tapdeck.protocol.session.PsrpConversation.Stream;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * Which WS-Man carrier may hold which PSRP message ([MS-PSRP] 3.1.5.3; protocol-notes E, R1 to R5): for
 * each rule one conversation that breaks it and one that does not.
 */
class PsrpCarrierRulesTest {
    private static final String PIPELINE = PsrpConversation.pipeline("Get-Item", "Path", "C:\\");

    @Test
    void aNormalSessionIsClean() {
        PsrpConversation p = PsrpConversation.openWithPipeline(PIPELINE);
        p.sendAnswered(new Stream("stdin", CMD_ID, concat(p.client(PIPELINE_INPUT, PID, INPUT), p.client(END_OF_PIPELINE_INPUT, PID, ""))));
        assertEquals(List.of(), p.psrpRules());
        assertEquals(List.of("SESSION_CAPABILITY", "INIT_RUNSPACEPOOL", "SESSION_CAPABILITY", "RUNSPACEPOOL_STATE", "CREATE_PIPELINE",
                "PIPELINE_INPUT", "END_OF_PIPELINE_INPUT"), p.c.psrpTypes());
    }

    @Test
    void creationXmlCarriesOnlySessionCapabilityAndInitRunspacePool() {
        PsrpConversation p = new PsrpConversation();
        p.c.request(p.create(b64(concat(p.client(SESSION_CAPABILITY, ZERO, PsrpConversation.SESSION_CAPABILITY),
                p.client(CREATE_PIPELINE, PID, PIPELINE)))));
        assertEquals(List.of(PsrpRule.CREATION_XML_MESSAGE_NOT_ALLOWED.id(), PsrpRule.RUNSPACEPOOL_NOT_OPENED.id()), p.psrpRules());
    }

    @Test
    void sessionCapabilityMustComeFirst() {
        PsrpConversation p = new PsrpConversation();
        p.c.request(p.create(b64(concat(p.client(INIT_RUNSPACEPOOL, ZERO, PsrpConversation.INIT_RUNSPACEPOOL),
                p.client(SESSION_CAPABILITY, ZERO, PsrpConversation.SESSION_CAPABILITY)))));
        assertEquals(List.of(PsrpRule.SESSION_CAPABILITY_NOT_FIRST.id()), p.psrpRules());
        // without creationXml, the first Send carries it: clean ([MS-PSRP] 3.1.5.3.1)
        PsrpConversation q = new PsrpConversation();
        q.c.exchange(q.create(null), PsrpConversation.createResponse(PsrpConversation.SHELL),
                "http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse");
        q.sendAnswered(new Stream("stdin", null, concat(q.client(SESSION_CAPABILITY, ZERO, PsrpConversation.SESSION_CAPABILITY),
                q.client(INIT_RUNSPACEPOOL, ZERO, PsrpConversation.INIT_RUNSPACEPOOL))));
        assertEquals(List.of(), q.psrpRules());
    }

    @Test
    void commandArgumentsCarryOnlyThePipelineStart() {
        PsrpConversation p = new PsrpConversation();
        p.openPool();
        p.c.request(p.command(CMD_ID, null, b64(p.client(PIPELINE_INPUT, PID, INPUT))));
        assertEquals(List.of(PsrpRule.COMMAND_MESSAGE_NOT_ALLOWED.id()), p.psrpRules());
        PsrpConversation q = new PsrpConversation();
        q.openPool();
        q.c.request(q.command(CMD_ID, null, b64(q.client(GET_COMMAND_METADATA, PID, "<Obj RefId=\"0\"><MS><Nil N=\"Name\" /></MS></Obj>"))));
        assertEquals(List.of(), q.psrpRules());
    }

    @Test
    void commandElementMustBeEmptyAndArgumentsBase64() {
        PsrpConversation p = new PsrpConversation();
        p.openPool();
        p.c.request(p.command(CMD_ID, "powershell.exe", "not base64 !"));
        assertEquals(List.of(PsrpRule.COMMAND_NOT_EMPTY.id(), PsrpRule.PAYLOAD_NOT_BASE64.id()), p.psrpRules());
    }

    @Test
    void sendCarriesOnlyTheAllowList() {
        PsrpConversation p = PsrpConversation.openWithPipeline(PIPELINE);
        p.c.request(p.send(new Stream("stdin", CMD_ID, p.client(PIPELINE_OUTPUT, PID, INPUT))));
        // the codec adds the direction rule: PIPELINE_OUTPUT goes from server to client
        assertEquals(List.of(PsrpRule.SEND_MESSAGE_NOT_ALLOWED.id(), PsrpRule.MESSAGE_TYPE_WRONG_DIRECTION.id()), p.psrpRules());
    }

    @Test
    void resetRunspaceStateInASendIsANotice() {
        PsrpConversation p = new PsrpConversation();
        p.openPool();
        p.sendAnswered(new Stream("stdin", null, p.client(RESET_RUNSPACE_STATE, ZERO, "<Obj RefId=\"0\"><MS><I64 N=\"ci\">1</I64></MS></Obj>")));
        assertEquals(List.of(PsrpRule.RESET_RUNSPACE_STATE_IN_SEND.id()), p.psrpRules());
        assertEquals(Severity.NOTICE, PsrpRule.RESET_RUNSPACE_STATE_IN_SEND.severity());
    }

    @Test
    void sendStreamsAreStdinOrPrAndHostResponsesShouldUsePr() {
        PsrpConversation p = PsrpConversation.openWithPipeline(PIPELINE);
        p.c.request(p.send(new Stream("stdout", CMD_ID, p.client(PIPELINE_INPUT, PID, INPUT))));
        assertEquals(List.of(PsrpRule.SEND_STREAM_NAME_INVALID.id()), p.psrpRules());
        PsrpConversation q = PsrpConversation.openWithPipeline(PIPELINE);
        q.sendAnswered(new Stream("stdin", CMD_ID, q.client(PIPELINE_HOST_RESPONSE, PID, "<Obj RefId=\"0\"><MS><I64 N=\"ci\">1</I64></MS></Obj>")));
        assertEquals(List.of(PsrpRule.HOST_RESPONSE_NOT_ON_PR.id()), q.psrpRules());
        q.sendAnswered(new Stream("pr", CMD_ID, q.client(PIPELINE_HOST_RESPONSE, PID, "<Obj RefId=\"0\"><MS><I64 N=\"ci\">2</I64></MS></Obj>")));
        assertEquals(List.of(PsrpRule.HOST_RESPONSE_NOT_ON_PR.id()), q.psrpRules(), "pr is clean");
    }

    @Test
    void pipelineSendsCarryTheCommandIdAndPoolSendsDoNot() {
        PsrpConversation p = PsrpConversation.openWithPipeline(PIPELINE);
        p.c.request(p.send(new Stream("stdin", null, p.client(PIPELINE_INPUT, PID, INPUT))));
        assertEquals(List.of(PsrpRule.SEND_PIPELINE_COMMANDID_MISSING.id()), p.psrpRules());
        PsrpConversation q = PsrpConversation.openWithPipeline(PIPELINE);
        q.c.request(q.send(new Stream("stdin", CMD_ID, q.client(SET_MAX_RUNSPACES, ZERO, "<Obj RefId=\"0\"><MS><I32 N=\"MaxRunspaces\">2</I32></MS></Obj>"))));
        assertEquals(List.of(PsrpRule.SEND_RUNSPACEPOOL_COMMANDID_PRESENT.id()), q.psrpRules());
    }

    @Test
    void pipelineHostResponseOnThePoolStreamIsANotice() {
        PsrpConversation p = PsrpConversation.openWithPipeline(PIPELINE);
        p.sendAnswered(new Stream("pr", null, p.client(PIPELINE_HOST_RESPONSE, PID, "<Obj RefId=\"0\"><MS><I64 N=\"ci\">1</I64></MS></Obj>")));
        assertEquals(List.of(PsrpRule.PIPELINE_HOST_RESPONSE_TO_RUNSPACEPOOL.id()), p.psrpRules());
    }

    @Test
    void pipelineMessagesCarryThePidOfTheirCommandId() {
        PsrpConversation p = PsrpConversation.openWithPipeline(PIPELINE);
        p.c.request(p.send(new Stream("stdin", CMD_ID, p.client(PIPELINE_INPUT, PsrpConversation.PID_2, INPUT))));
        assertEquals(List.of(PsrpRule.PID_NOT_COMMAND.id()), p.psrpRules());
    }

    /** test_psrp_small_msg_size.yml: a CREATE_PIPELINE starts in the Command and ends in a Send to the command. */
    @Test
    void createPipelineContinuesInASendWithTheCommandId() {
        for (String commandId : new String[] {CMD_ID, null}) {
            PsrpConversation p = new PsrpConversation();
            p.openPool();
            List<Fragment> fragments = p.clientFragments(CREATE_PIPELINE, POOL, PID, PIPELINE, 200);
            assertTrue(fragments.size() > 1);
            p.c.exchange(p.command(CMD_ID, null, b64(Fragmenter.encode(fragments.get(0)))),
                    "<rsp:CommandResponse><rsp:CommandId>" + CMD_ID + "</rsp:CommandId></rsp:CommandResponse>",
                    PsrpConversation.SHELL_NS + "/CommandResponse");
            p.sendAnswered(new Stream("stdin", commandId, Fragmenter.encode(fragments.subList(1, fragments.size()))));
            assertEquals(commandId == null ? List.of(PsrpRule.SEND_PIPELINE_COMMANDID_MISSING.id()) : List.of(), p.psrpRules());
            assertTrue(p.c.psrpTypes().contains("CREATE_PIPELINE"), "reassembled across the two carriers");
        }
    }

    @Test
    void connectXmlCarriesOnlySessionCapabilityAndConnectRunspacePool() {
        for (boolean wrong : new boolean[] {false, true}) {
            PsrpConversation p = new PsrpConversation();
            byte[] payload = concat(p.client(SESSION_CAPABILITY, ZERO, PsrpConversation.SESSION_CAPABILITY),
                    wrong ? p.client(CREATE_PIPELINE, PID, PIPELINE) : p.client(CONNECT_RUNSPACEPOOL, ZERO, "<Obj RefId=\"0\"><MS /></Obj>"));
            p.c.request(p.c.req(PsrpConversation.SHELL_NS + "/Connect", Conversation.PWSH, PsrpConversation.SHELL,
                    "<rsp:Connect><connectXml xmlns=\"http://schemas.microsoft.com/powershell\">" + b64(payload) + "</connectXml></rsp:Connect>"));
            assertEquals(wrong ? List.of(PsrpRule.CONNECT_MESSAGE_NOT_ALLOWED.id()) : List.of(), p.psrpRules());
        }
    }
}
