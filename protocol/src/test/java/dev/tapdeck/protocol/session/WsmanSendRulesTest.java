package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.rules.Severity;
import dev.tapdeck.protocol.rules.WsmanRule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dev.tapdeck.protocol.session.Conversation.CMD;
import static dev.tapdeck.protocol.session.Conversation.CUSTOM;
import static dev.tapdeck.protocol.session.Conversation.PWSH;
import static dev.tapdeck.protocol.session.Conversation.SEND_RESPONSE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One conversation that breaks each WS-Man Send rule ([MS-WSMV] 3.1.4.13) and one that does not. */
class WsmanSendRulesTest {
    private static final String SHELL = "0D6FCA9D-2D40-44C3-B691-E665BE7AA687";
    private static final String CMD_ID = "1A2B3C4D-0000-4000-8000-000000000001";

    private Conversation cmdShellWithCommand() {
        Conversation c = new Conversation();
        c.createShell(CMD, SHELL);
        c.startCommand(CMD, SHELL, CMD_ID);
        return c;
    }

    @Test
    void oneSendAtATimeIsClean() {
        Conversation c = cmdShellWithCommand();
        TapResult first = c.request(c.send(CMD, SHELL, CMD_ID, "one", false));
        c.response(first, Conversation.response(SEND_RESPONSE, first.envelope().header().messageId(), "<rsp:SendResponse/>"));
        TapResult second = c.request(c.send(CMD, SHELL, CMD_ID, "two", true));
        c.response(second, Conversation.response(SEND_RESPONSE, second.envelope().header().messageId(), "<rsp:SendResponse/>"));
        assertEquals(List.of(), c.ruleIds());
    }

    @Test
    void secondOutstandingSendIsAViolation() {
        Conversation c = cmdShellWithCommand();
        c.request(c.send(CMD, SHELL, CMD_ID, "one", false));
        c.request(c.send(CMD, SHELL, CMD_ID, "two", true));
        assertEquals(List.of(WsmanRule.SEND_OUTSTANDING.id()), c.ruleIds());
    }

    @Test
    void aSendMayRunConcurrentlyWithAReceive() {
        Conversation c = cmdShellWithCommand();
        c.request(c.req("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive", CMD, SHELL,
                "<rsp:Receive><rsp:DesiredStream CommandId=\"" + CMD_ID + "\">stdout</rsp:DesiredStream></rsp:Receive>"));
        c.request(c.send(CMD, SHELL, CMD_ID, "while receiving", true));
        assertEquals(List.of(), c.ruleIds());
    }

    @Test
    void textShellStreamWithoutCommandIdIsAViolation() {
        Conversation c = cmdShellWithCommand();
        c.request(c.send(CMD, SHELL, null, "x", true));
        assertEquals(List.of(WsmanRule.SEND_COMMANDID_MISSING.id()), c.ruleIds());
    }

    @Test
    void customShellStreamWithCommandIdIsAViolationAndWithoutIsClean() {
        Conversation c = new Conversation();
        c.createShell(CUSTOM, SHELL);
        TapResult clean = c.request(c.send(CUSTOM, SHELL, null, "x", true));
        c.response(clean, Conversation.response(SEND_RESPONSE, clean.envelope().header().messageId(), "<rsp:SendResponse/>"));
        assertEquals(List.of(), c.ruleIds());
        c.request(c.send(CUSTOM, SHELL, CMD_ID, "x", true));
        assertTrue(c.ruleIds().contains(WsmanRule.SEND_COMMANDID_FORBIDDEN.id()), c.ruleIds().toString());
    }

    @Test
    void powershellShellsLeaveCommandIdToThePsrpRules() {
        Conversation c = new Conversation();
        c.createShell(PWSH, SHELL);
        TapResult pool = c.request(c.send(PWSH, SHELL, null, "pool", true));
        c.response(pool, Conversation.response(SEND_RESPONSE, pool.envelope().header().messageId(), "<rsp:SendResponse/>"));
        // the payload is no PSRP (PsrpRule.FRAGMENT_TRUNCATED), but no WS-Man rule speaks about its CommandId
        assertEquals(List.of(), c.ruleIds().stream().filter(id -> id.startsWith("WsmanRule.")).toList());
    }

    @Test
    void sendAnsweredByAnythingButSendResponseOrFaultIsAViolation() {
        Conversation c = cmdShellWithCommand();
        TapResult send = c.request(c.send(CMD, SHELL, CMD_ID, "x", true));
        c.response(send, Conversation.response("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/ReceiveResponse",
                send.envelope().header().messageId(), "<rsp:ReceiveResponse/>"));
        assertEquals(List.of(WsmanRule.SEND_UNANSWERED.id()), c.ruleIds());
    }

    @Test
    void sendAnsweredByAFaultIsClean() {
        Conversation c = cmdShellWithCommand();
        TapResult send = c.request(c.send(CMD, SHELL, CMD_ID, "x", true));
        c.response(send, Conversation.response("http://schemas.dmtf.org/wbem/wsman/1/wsman/fault", send.envelope().header().messageId(),
                "<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>w:InvalidSelectors</s:Value></s:Subcode></s:Code>"
                        + "<s:Reason><s:Text xml:lang=\"en-US\">no</s:Text></s:Reason></s:Fault>"));
        assertEquals(List.of(), c.ruleIds());
        // and the fault released the shell: the next Send is not "outstanding"
        c.request(c.send(CMD, SHELL, CMD_ID, "y", true));
        assertEquals(List.of(), c.ruleIds());
    }

    @Test
    void upstreamClosingBeforeTheSendResponseIsAViolation() {
        Conversation c = cmdShellWithCommand();
        TapResult send = c.request(c.send(CMD, SHELL, CMD_ID, "x", true));
        c.violations.addAll(c.tap.responseMissing(send, "upstream closed the connection"));
        assertEquals(List.of(WsmanRule.SEND_UNANSWERED.id()), c.ruleIds());
        TapResult http401 = c.request(c.send(CMD, SHELL, CMD_ID, "y", true));
        c.violations.addAll(c.tap.inspectResponse(http401, 401, null, new byte[0]).violations());
        assertEquals(List.of(WsmanRule.SEND_UNANSWERED.id(), WsmanRule.SEND_UNANSWERED.id()), c.ruleIds());
    }

    @Test
    void inputToACompletedCommandIsANotice() {
        Conversation c = cmdShellWithCommand();
        c.request(c.send(CMD, SHELL, CMD_ID, "before", false)); // still running: clean
        assertEquals(List.of(), c.ruleIds());
        c = cmdShellWithCommand();
        c.commandDone(CMD, SHELL, CMD_ID, 0);
        c.request(c.send(CMD, SHELL, CMD_ID, "late", true));
        assertEquals(List.of(WsmanRule.SEND_TO_COMPLETED_COMMAND.id()), c.ruleIds());
        assertEquals(Severity.NOTICE, c.violations.get(0).severity());
        assertTrue(c.violations.get(0).detail().contains("ExitCode 0"), c.violations.get(0).detail());
    }

    @Test
    void unknownShellAndUnknownCommandAreNotices() {
        Conversation c = new Conversation();
        c.request(c.send(CMD, "FFFFFFFF-0000-0000-0000-000000000000", CMD_ID, "x", true));
        assertEquals(List.of(WsmanRule.SEND_UNKNOWN_SHELL.id()), c.ruleIds());
        Conversation d = cmdShellWithCommand();
        d.request(d.send(CMD, SHELL, "99999999-0000-0000-0000-000000000000", "x", true));
        assertEquals(List.of(WsmanRule.SEND_UNKNOWN_COMMAND.id()), d.ruleIds());
        assertTrue(d.violations.stream().allMatch(v -> v.severity() == Severity.NOTICE));
    }

    @Test
    void emptyDummyStreamsArePermitted() {
        Conversation c = cmdShellWithCommand();
        c.request(c.send(CMD, SHELL, CMD_ID, null, true));
        assertEquals(List.of(), c.ruleIds());
    }

    @Test
    void sendWithoutShellSelectorIsAViolation() {
        Conversation c = cmdShellWithCommand();
        c.request(c.send(CMD, null, CMD_ID, "x", true));
        assertEquals(List.of(WsmanRule.SHELL_SELECTOR_MISSING.id()), c.ruleIds());
    }

    @Test
    void relatesToMustNameTheRequest() {
        Conversation c = cmdShellWithCommand();
        TapResult send = c.request(c.send(CMD, SHELL, CMD_ID, "x", true));
        c.response(send, Conversation.response(SEND_RESPONSE, "uuid:SOMETHING-ELSE", "<rsp:SendResponse/>"));
        assertEquals(List.of(WsmanRule.RELATES_TO_MISMATCH.id()), c.ruleIds());
    }

    @Test
    void hostileBodiesMapToEnvelopeRules() {
        Conversation c = new Conversation();
        c.request("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>");
        c.request("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>");
        assertEquals(List.of(WsmanRule.DTD_PRESENT.id(), WsmanRule.ENVELOPE_MALFORMED.id()), c.ruleIds());
    }

    @Test
    void enforceBlocksViolationsButNeverNotices() {
        Conversation c = new Conversation(Policy.ENFORCE);
        c.createShell(CMD, SHELL);
        c.startCommand(CMD, SHELL, CMD_ID);
        assertFalse(c.request(c.send(CMD, SHELL, "99999999-0000-0000-0000-000000000000", "x", true)).blocked(),
                "a notice never blocks");
        TapResult second = c.request(c.send(CMD, SHELL, CMD_ID, "y", true));
        assertTrue(second.blocked());
        assertEquals(WsmanRule.SEND_OUTSTANDING, second.blockedBy().orElseThrow().rule());
        // a blocked request leaves no trace in the state: still exactly one outstanding Send
        assertEquals(1, c.tap.state().shell(SHELL).orElseThrow().outstandingSends());
    }

    @Test
    void enforcedRulesAreData() {
        Policy onlyCommandId = new Policy(Policy.Mode.ENFORCE, Set.of(WsmanRule.SEND_COMMANDID_MISSING.id()));
        Conversation c = new Conversation(onlyCommandId);
        c.createShell(CMD, SHELL);
        c.startCommand(CMD, SHELL, CMD_ID);
        c.request(c.send(CMD, SHELL, CMD_ID, "x", true));
        assertFalse(c.request(c.send(CMD, SHELL, CMD_ID, "y", true)).blocked(), "SEND_OUTSTANDING is not enforced here");
        assertTrue(c.request(c.send(CMD, SHELL, null, "z", true)).blocked());
    }

    @Test
    void stateStaysBoundedUnderAFloodOfShells() {
        WsmanSessionState state = new WsmanSessionState(100);
        WsmanTap tap = new WsmanTap(new dev.tapdeck.protocol.wsman.EnvelopeReader(), state, Policy.OBSERVE);
        Conversation c = new Conversation();
        for (int i = 0; i < 1000; i++) {
            TapResult r = tap.inspectRequest("application/soap+xml", c.send(CMD, String.format("%08d-0000-0000-0000-000000000000", i),
                    CMD_ID, "x", true).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            tap.forwarded(r);
        }
        assertEquals(100, state.shellCount());
    }
}
