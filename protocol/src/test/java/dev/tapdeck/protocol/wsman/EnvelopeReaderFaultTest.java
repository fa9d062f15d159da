package dev.tapdeck.protocol.wsman;

import static dev.tapdeck.protocol.wsman.TestEnvelopes.body;
import static dev.tapdeck.protocol.wsman.TestEnvelopes.clean;
import static dev.tapdeck.protocol.wsman.TestEnvelopes.envelope;
import static dev.tapdeck.protocol.wsman.TestEnvelopes.parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

/** s:Fault bodies in the shapes of protocol-notes A.7. */
class EnvelopeReaderFaultTest {
    private static final List<String> SOAP_PREFIXES = TestEnvelopes.SOAP_PREFIXES;

    private static final String NESTED = """
            <{s}:Fault><{s}:Code><{s}:Value>{s}:Sender</{s}:Value><{s}:Subcode><{s}:Value>w:InvalidSelectors</{s}:Value>
            </{s}:Subcode></{s}:Code><{s}:Reason><{s}:Text xml:lang="en-US">The request contained invalid selectors. </{s}:Text>
            </{s}:Reason><{s}:Detail><wsman:FaultDetail>http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/UnexpectedSelectors</wsman:FaultDetail>
            <f:WSManFault Code="2150858843" Machine="127.0.0.1"><f:Message>
              <f:ProviderFault provider="Shell provider" path="%systemroot%\\system32\\WsmSvc.dll">
                <f:WSManFault Code="1" Machine="inner"><f:Message>
                  The innermost text.
                </f:Message></f:WSManFault>
              </f:ProviderFault>
            </f:Message></f:WSManFault></{s}:Detail></{s}:Fault>""";

    private final EnvelopeReader reader = new EnvelopeReader();

    @ParameterizedTest
    @FieldSource("SOAP_PREFIXES")
    void nestedProviderFaultGivesTheInnermostMessageAndTheOutermostCode(String prefix) {
        WsmanEnvelope e = clean(reader.read(envelope(prefix,
                "<wsa:Action>" + WsmanAction.Fault.uri() + "</wsa:Action>", NESTED)));

        assertEquals(new WsmanBody.Fault(prefix + ":Sender", "w:InvalidSelectors",
                "The request contained invalid selectors.",
                "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/UnexpectedSelectors",
                2150858843L, "127.0.0.1", "The innermost text."), e.body());
        assertEquals(true, e.isFault());
    }

    @Test
    void providerFaultTextIsTheMessage() {
        // test_winrs_no_cmd_shell.yml: the text sits in f:ProviderFault itself
        WsmanBody.Fault f = body(WsmanBody.Fault.class, clean(reader.read(envelope("", """
                <{s}:Fault><{s}:Code><{s}:Value>{s}:Receiver</{s}:Value><{s}:Subcode><{s}:Value>w:InternalError</{s}:Value>
                </{s}:Subcode></{s}:Code><{s}:Detail><f:WSManFault Code="2147942402" Machine="server"><f:Message>
                <f:ProviderFault provider="Shell cmd plugin">The system cannot find the file specified. </f:ProviderFault>
                </f:Message></f:WSManFault></{s}:Detail></{s}:Fault>"""))));

        assertEquals("The system cannot find the file specified.", f.message());
        assertEquals(2147942402L, f.wsmanFaultCode());
        assertEquals("w:InternalError", f.subcode());
        assertNull(f.reason());
        assertNull(f.faultDetail());
    }

    @Test
    void aFaultIsAFaultWhateverTheAction() {
        // faults come with three Action URIs and sometimes another one; the body decides
        WsmanEnvelope e = clean(reader.read(envelope(
                "<wsa:Action>" + WsmanAction.ReceiveResponse.uri() + "</wsa:Action>",
                "<{s}:Fault><{s}:Code><{s}:Value>{s}:Receiver</{s}:Value></{s}:Code></{s}:Fault>")));

        assertEquals(WsmanAction.ReceiveResponse, e.action());
        assertEquals(new WsmanBody.Fault("s:Receiver", null, null, null, null, null, null), e.body());
    }

    @Test
    void wmiErrorDetailFillsCodeAndMessage() {
        // winrb wmi_error_v2.xml: a CIM MSFT_WmiError instead of f:WSManFault
        WsmanBody.Fault f = body(WsmanBody.Fault.class, clean(reader.read(envelope("", """
                <{s}:Fault><{s}:Code><{s}:Value>{s}:Sender</{s}:Value><{s}:Subcode><{s}:Value>w:QuotaLimit</{s}:Value>
                </{s}:Subcode></{s}:Code><{s}:Detail>
                <p:MSFT_WmiError xmlns:p="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/MSFT_WmiError">
                <p:CIMStatusCode>27</p:CIMStatusCode><p:Message>Too many shells. </p:Message>
                <p:error_Code>2150859173</p:error_Code></p:MSFT_WmiError></{s}:Detail></{s}:Fault>"""))));

        assertEquals(2150859173L, f.wsmanFaultCode());
        assertEquals("Too many shells.", f.message());
        assertNull(f.machine());
    }

    @Test
    void aNonNumericWsmanFaultCodeIsReported() {
        EnvelopeDecoded.EnvelopeParsed p = parsed(reader.read(envelope("",
                "<{s}:Fault><{s}:Detail><f:WSManFault Code=\"0x80338029\" Machine=\"m\"/></{s}:Detail></{s}:Fault>")));

        WsmanBody.Fault f = body(WsmanBody.Fault.class, p.envelope());
        assertNull(f.wsmanFaultCode());
        assertEquals("m", f.machine());
        assertEquals(List.of(DecodeProblem.Kind.INVALID_VALUE), p.problems().stream().map(DecodeProblem::kind).toList());
    }
}
