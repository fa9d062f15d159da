package dev.tapdeck.protocol.wsman;

import static dev.tapdeck.protocol.wsman.TestEnvelopes.body;
import static dev.tapdeck.protocol.wsman.TestEnvelopes.clean;
import static dev.tapdeck.protocol.wsman.TestEnvelopes.envelope;
import static dev.tapdeck.protocol.wsman.TestEnvelopes.parsed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** One crafted envelope per body record, in the shapes real senders use (protocol-notes A.6). */
class EnvelopeReaderBodyTest {
    private static final List<String> SOAP_PREFIXES = TestEnvelopes.SOAP_PREFIXES;
    private static final HexFormat HEX = HexFormat.of();
    private static final String ID = "D6BF85B4-E0D0-4770-9330-F5474E967185";

    private final EnvelopeReader reader = new EnvelopeReader();

    private WsmanEnvelope read(String soapPrefix, String bodyXml) {
        return clean(reader.read(envelope(soapPrefix, "", bodyXml)));
    }

    private WsmanEnvelope read(String bodyXml) {
        return read("s", bodyXml);
    }

    @ParameterizedTest
    @FieldSource("SOAP_PREFIXES")
    void cmdShellCreate(String prefix) {
        WsmanBody.Shell shell = body(WsmanBody.Shell.class, read(prefix, """
                <rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams>
                <rsp:OutputStreams> stdout
                   stderr </rsp:OutputStreams><rsp:WorkingDirectory>C:\\temp</rsp:WorkingDirectory>
                <rsp:IdleTimeOut>PT60S</rsp:IdleTimeOut></rsp:Shell>"""));

        assertEquals(new WsmanBody.Shell(null, null, List.of("stdin"), List.of("stdout", "stderr"), "C:\\temp", "PT60S",
                null), shell);
    }

    @Test
    void psrpCreateKeepsCreationXmlAsBase64Text() {
        // [MS-PSRP] 3.1.5.3.1: client-chosen ShellId, creationXml in the PowerShell namespace; attribute order varies
        WsmanBody.Shell shell = body(WsmanBody.Shell.class, read("""
                <rsp:Shell Name="Runspace1" ShellId="07A46CCC-584E-4D17-967C-BC5329C80E5C">
                <rsp:InputStreams>stdin pr</rsp:InputStreams><rsp:OutputStreams>stdout</rsp:OutputStreams>
                <creationXml xmlns="http://schemas.microsoft.com/powershell">
                AAAAAAAAAAEAAAAA
                </creationXml></rsp:Shell>"""));

        assertEquals("07A46CCC-584E-4D17-967C-BC5329C80E5C", shell.shellId());
        assertEquals("Runspace1", shell.name());
        assertEquals(List.of("stdin", "pr"), shell.inputStreams());
        assertEquals(List.of("stdout"), shell.outputStreams());
        assertEquals("AAAAAAAAAAEAAAAA", shell.creationXml());
    }

    @Test
    void createResponseTakesShellIdAndResourceUriFromResourceCreated() {
        WsmanBody.CreateResponse r = body(WsmanBody.CreateResponse.class, read("""
                <x:ResourceCreated><wsa:Address>http://192.168.56.11:5985/wsman</wsa:Address><wsa:ReferenceParameters>
                <wsman:ResourceURI>http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd</wsman:ResourceURI>
                <wsman:SelectorSet><wsman:Selector Name="ShellId">uuid:739990FF-1492-4CDD-80BB-6E07ADB06D85</wsman:Selector>
                </wsman:SelectorSet></wsa:ReferenceParameters></x:ResourceCreated>
                <rsp:Shell><rsp:ShellId>other</rsp:ShellId><rsp:ResourceUri>other</rsp:ResourceUri>
                <rsp:Owner>vagrant</rsp:Owner><rsp:ClientIP>192.168.56.1</rsp:ClientIP>
                <rsp:IdleTimeOut>PT7200.000S</rsp:IdleTimeOut><rsp:InputStreams/><rsp:OutputStreams/></rsp:Shell>"""));

        // old servers send uuid:-prefixed ShellIds (winrb open_shell_v1.xml): kept as sent
        assertEquals(new WsmanBody.CreateResponse("uuid:739990FF-1492-4CDD-80BB-6E07ADB06D85",
                "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd", "vagrant", "192.168.56.1"), r);
    }

    @Test
    void createResponseFallsBackToTheServersShell() {
        WsmanBody.CreateResponse r = body(WsmanBody.CreateResponse.class, read("""
                <rsp:Shell><rsp:ShellId>0D6FCA9D-2D40-44C3-B691-E665BE7AA687</rsp:ShellId>
                <rsp:ResourceUri>http://schemas.microsoft.com/powershell/Microsoft.PowerShell</rsp:ResourceUri>
                <rsp:Owner>vagrant</rsp:Owner></rsp:Shell>"""));

        assertEquals(new WsmanBody.CreateResponse("0D6FCA9D-2D40-44C3-B691-E665BE7AA687",
                "http://schemas.microsoft.com/powershell/Microsoft.PowerShell", "vagrant", null), r);
    }

    @Test
    void cmdCommandLineWithArgumentsInOrder() {
        WsmanBody.CommandLine c = body(WsmanBody.CommandLine.class, read("""
                <rsp:CommandLine><rsp:Command>powershell.exe</rsp:Command>
                <rsp:Arguments>-NoProfile</rsp:Arguments><rsp:Arguments> - </rsp:Arguments></rsp:CommandLine>"""));

        assertEquals(new WsmanBody.CommandLine(null, "powershell.exe", List.of("-NoProfile", "-")), c);
    }

    @Test
    void psrpCommandLineHasAnEmptyCommandAndAProposedCommandId() {
        // [MS-PSRP] 3.1.5.3.3: Command MUST be empty; empty is kept apart from absent
        WsmanBody.CommandLine c = body(WsmanBody.CommandLine.class,
                read("<rsp:CommandLine CommandId=\"" + ID + "\"><rsp:Command/><rsp:Arguments>AAAA</rsp:Arguments>"
                        + "</rsp:CommandLine>"));

        assertEquals(new WsmanBody.CommandLine(ID, "", List.of("AAAA")), c);
    }

    @Test
    void commandResponseCarriesTheCommandIdAsAnElement() {
        assertEquals(new WsmanBody.CommandResponse(ID),
                read("<rsp:CommandResponse><rsp:CommandId>\n " + ID + "\n</rsp:CommandId></rsp:CommandResponse>").body());
    }

    @Test
    void sendDecodesEveryStreamWhateverTheAttributeOrderAndEndSpelling() {
        WsmanBody.Send send = body(WsmanBody.Send.class, read("""
                <rsp:Send>
                <rsp:Stream Name="stdin" CommandId="%1$s" End="True">bXlsaW5lDQo=</rsp:Stream>
                <rsp:Stream End="false" CommandId="%1$s" Name="pr">AAEC</rsp:Stream>
                <rsp:Stream Name="stdin" End="1"></rsp:Stream>
                <rsp:Stream CommandId="%1$s" Name="stdin" End="TRUE"/>
                <rsp:Stream Name="stdin">
                  bXls
                  aW5l
                </rsp:Stream>
                </rsp:Send>""".formatted(ID)));

        List<ShellStream> s = send.streams();
        assertEquals(5, s.size());
        assertStream(s.get(0), "stdin", ID, true, "6d796c696e650d0a", 12);
        assertStream(s.get(1), "pr", ID, false, "000102", 4);
        // an empty Stream is a legal "dummy" Send: empty data, not invalid
        assertStream(s.get(2), "stdin", null, true, "", 0);
        assertStream(s.get(3), "stdin", ID, true, "", 0);
        // base64 broken over lines (MIME style) decodes
        assertStream(s.get(4), "stdin", null, false, "6d796c696e65", "bXls\n  aW5l".length());
    }

    private static void assertStream(ShellStream s, String name, String commandId, boolean end, String hex,
                                     int encodedLength) {
        assertEquals(name, s.name());
        assertEquals(commandId, s.commandId());
        assertEquals(end, s.end(), "End");
        assertTrue(s.isValid());
        assertArrayEquals(HEX.parseHex(hex), s.data());
        assertEquals(encodedLength, s.encodedLength());
    }

    @Test
    void invalidBase64NamesTheStreamAndKeepsTheEnvelope() {
        EnvelopeDecoded.EnvelopeParsed p = parsed(reader.read(envelope(
                "<wsa:Action>" + WsmanAction.Send.uri() + "</wsa:Action>",
                "<rsp:Send><rsp:Stream Name=\"stdin\" CommandId=\"" + ID + "\">bXls!aW5l</rsp:Stream>"
                        + "<rsp:Stream Name=\"pr\">AAEC</rsp:Stream></rsp:Send>")));

        WsmanBody.Send send = body(WsmanBody.Send.class, p.envelope());
        assertFalse(send.streams().get(0).isValid());
        assertNull(send.streams().get(0).data());
        assertArrayEquals(HEX.parseHex("000102"), send.streams().get(1).data());
        assertEquals(WsmanAction.Send, p.envelope().action());
        assertEquals(1, p.problems().size());
        DecodeProblem problem = p.problems().get(0);
        assertEquals(DecodeProblem.Kind.INVALID_BASE64, problem.kind());
        assertTrue(problem.detail().contains("'stdin'") && problem.detail().contains(ID), problem::toString);
    }

    @Test
    void emptyResponses() {
        assertEquals(new WsmanBody.SendResponse(), read("<rsp:SendResponse/>").body());
        assertEquals(new WsmanBody.SignalResponse(), read("<rsp:SignalResponse></rsp:SignalResponse>").body());
    }

    @Test
    void receiveWithAndWithoutCommandId() {
        assertEquals(new WsmanBody.Receive(ID, List.of("stdout", "stderr")),
                read("<rsp:Receive><rsp:DesiredStream CommandId=\"" + ID + "\">stdout stderr</rsp:DesiredStream>"
                        + "</rsp:Receive>").body());
        // [MS-PSRP] 3.1.5.3.7: no CommandId when receiving for the RunspacePool
        assertEquals(new WsmanBody.Receive(null, List.of("stdout")),
                read("<rsp:Receive><rsp:DesiredStream>stdout</rsp:DesiredStream></rsp:Receive>").body());
    }

    @Test
    void receiveResponseWithStreamsAndCommandState() {
        // OMI answers with p: for the shell namespace; the namespace is what counts
        WsmanBody.ReceiveResponse r = body(WsmanBody.ReceiveResponse.class, read("""
                <p:ReceiveResponse xmlns:p="http://schemas.microsoft.com/wbem/wsman/1/windows/shell" SequenceID="3">
                <p:Stream Name="stdout" CommandId="%1$s">bXlsaW5lDQo=</p:Stream>
                <p:Stream Name="stdout" CommandId="%1$s" End="true"></p:Stream>
                <p:CommandState State="http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done"
                   CommandId="%1$s"><p:ExitCode> 1 </p:ExitCode></p:CommandState>
                </p:ReceiveResponse>""".formatted(ID)));

        assertEquals(3L, r.sequenceId());
        assertEquals(2, r.streams().size());
        assertArrayEquals(HEX.parseHex("6d796c696e650d0a"), r.streams().get(0).data());
        assertTrue(r.streams().get(1).end());
        assertEquals(List.of(new CommandState(ID, CommandState.DONE, 1L)), r.commandStates());
        assertTrue(r.commandStates().get(0).isDone());
    }

    @Test
    void receiveResponseOfARunningShellHasNoExitCodeNorSequenceId() {
        WsmanBody.ReceiveResponse r = body(WsmanBody.ReceiveResponse.class,
                read("<rsp:ReceiveResponse><rsp:Stream Name=\"stdout\">AA==</rsp:Stream><rsp:CommandState State=\""
                        + CommandState.RUNNING + "\"/></rsp:ReceiveResponse>"));

        assertNull(r.sequenceId());
        assertEquals(List.of(new CommandState(null, CommandState.RUNNING, null)), r.commandStates());
    }

    @Test
    void signal() {
        assertEquals(new WsmanBody.Signal(ID, WsmanBody.Signal.TERMINATE),
                read("<rsp:Signal CommandId=\"" + ID + "\"><rsp:Code>" + WsmanBody.Signal.TERMINATE
                        + "</rsp:Code></rsp:Signal>").body());
    }

    @ParameterizedTest
    @FieldSource("SOAP_PREFIXES")
    void emptyBodies(String prefix) {
        assertEquals(new WsmanBody.Empty(), read(prefix, "").body());
        assertEquals(new WsmanBody.Empty(), read(prefix, "\n   \n").body());
        assertEquals(new WsmanBody.Empty(), read(prefix, "<!-- nothing -->").body());
    }

    @Test
    void otherBodiesAreNamedByTheirFirstElementWithPsrpOpenContent() {
        assertEquals(new WsmanBody.Other(WsmanNamespaces.SHELL, "Connect", "AAAAAAAAAAEAAAAA"),
                read("<rsp:Connect><connectXml xmlns=\"http://schemas.microsoft.com/powershell\">\nAAAAAAAAAAEAAAAA\n"
                        + "</connectXml></rsp:Connect>").body());
        assertEquals(new WsmanBody.Other(WsmanNamespaces.SHELL, "Disconnect", null),
                read("<rsp:Disconnect/>").body());
        assertEquals(new WsmanBody.Other(WsmanNamespaces.ENUMERATION, "Enumerate", null),
                read("<n:Enumerate xmlns:n=\"" + WsmanNamespaces.ENUMERATION + "\"><wsman:SelectorSet>"
                        + "<wsman:Selector Name=\"ShellId\">x</wsman:Selector></wsman:SelectorSet></n:Enumerate>").body());
        assertEquals(new WsmanBody.Other("", "Unqualified", null), read("<Unqualified><a/></Unqualified>").body());
    }

    @Test
    void theBodyDecidesTheRecordNotTheAction() {
        // a Send action with a ReceiveResponse body is read as what it is; session rules judge the mismatch
        WsmanEnvelope e = clean(reader.read(envelope("<wsa:Action>" + WsmanAction.Send.uri() + "</wsa:Action>",
                "<rsp:ReceiveResponse/>")));

        assertEquals(WsmanAction.Send, e.action());
        assertEquals(new WsmanBody.ReceiveResponse(null, List.of(), List.of()), e.body());
    }

    @Test
    void anEnvelopeWithoutBodyIsReportedAndEmpty() {
        EnvelopeDecoded.EnvelopeParsed p = parsed(reader.read(TestEnvelopes.utf8(
                "<s:Envelope xmlns:s=\"" + WsmanNamespaces.SOAP + "\"><s:Header/></s:Envelope>")));

        assertEquals(new WsmanBody.Empty(), p.envelope().body());
        assertEquals(List.of(DecodeProblem.Kind.INVALID_VALUE), p.problems().stream().map(DecodeProblem::kind).toList());
    }
}
