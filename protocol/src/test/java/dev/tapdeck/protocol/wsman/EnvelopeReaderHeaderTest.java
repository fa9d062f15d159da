package dev.tapdeck.protocol.wsman;

import static dev.tapdeck.protocol.wsman.TestEnvelopes.clean;
import static dev.tapdeck.protocol.wsman.TestEnvelopes.envelope;
import static dev.tapdeck.protocol.wsman.TestEnvelopes.parsed;
import static dev.tapdeck.protocol.wsman.TestEnvelopes.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class EnvelopeReaderHeaderTest {
    private static final List<String> SOAP_PREFIXES = TestEnvelopes.SOAP_PREFIXES;

    private static final String PSRP_CREATE_HEADER = """
            <wsa:Action {s}:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/09/transfer/Create</wsa:Action>
            <wsmv:DataLocale {s}:mustUnderstand="false" xml:lang="de-DE"/>
            <wsman:Locale {s}:mustUnderstand="false" xml:lang="en-US"/>
            <wsman:MaxEnvelopeSize {s}:mustUnderstand="true">153600</wsman:MaxEnvelopeSize>
            <wsa:MessageID>uuid:B9C6A568-20B0-4B50-93EE-E7BCAD5C20DB</wsa:MessageID>
            <wsman:OperationTimeout>PT20S</wsman:OperationTimeout>
            <wsa:ReplyTo><wsa:Address {s}:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:Address></wsa:ReplyTo>
            <wsman:ResourceURI {s}:mustUnderstand="true">http://schemas.microsoft.com/powershell/Microsoft.PowerShell</wsman:ResourceURI>
            <wsmv:SessionId {s}:mustUnderstand="false">uuid:E3EDC93B-6629-44A6-8F70-2D94D134ACD3</wsmv:SessionId>
            <wsa:To>http://192.168.56.11:5985/wsman</wsa:To>
            <rsp:CompressionType {s}:mustUnderstand="true">xpress</rsp:CompressionType>
            <wsman:OptionSet {s}:mustUnderstand="true">
              <wsman:Option MustComply="true" Name="protocolversion">2.3</wsman:Option>
              <wsman:Option Name="WINRS_CODEPAGE" MustComply="False">65001</wsman:Option>
              <wsman:Option Name="WINRS_NOPROFILE">FALSE</wsman:Option>
            </wsman:OptionSet>
            <wsman:SelectorSet>
              <wsman:Selector Name="ShellId">0D6FCA9D-2D40-44C3-B691-E665BE7AA687</wsman:Selector>
              <wsman:Selector Name="Extra">second</wsman:Selector>
              <wsman:Selector Name="ShellId">ignored duplicate</wsman:Selector>
            </wsman:SelectorSet>
            """;

    private final EnvelopeReader reader = new EnvelopeReader();

    @ParameterizedTest
    @FieldSource("SOAP_PREFIXES")
    void readsEveryHeaderWhateverTheSoapPrefix(String prefix) {
        WsmanHeader h = clean(reader.read(envelope(prefix, PSRP_CREATE_HEADER, "<rsp:Shell/>"))).header();

        assertEquals(WsmanAction.Create.uri(), h.actionUri());
        assertEquals(WsmanAction.Create, h.action());
        assertEquals("uuid:B9C6A568-20B0-4B50-93EE-E7BCAD5C20DB", h.messageId());
        assertNull(h.relatesTo());
        assertEquals("http://192.168.56.11:5985/wsman", h.to());
        assertEquals("http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous", h.replyTo());
        assertEquals("http://schemas.microsoft.com/powershell/Microsoft.PowerShell", h.resourceUri());
        assertEquals("PT20S", h.operationTimeout());
        assertEquals(153600L, h.maxEnvelopeSize());
        assertEquals("en-US", h.locale());
        assertEquals("de-DE", h.dataLocale());
        assertEquals("uuid:E3EDC93B-6629-44A6-8F70-2D94D134ACD3", h.sessionId());
        assertEquals("xpress", h.compressionType());
        assertEquals(List.of(
                new WsmanOption("protocolversion", "2.3", true),
                new WsmanOption("WINRS_CODEPAGE", "65001", false),
                new WsmanOption("WINRS_NOPROFILE", "FALSE", false)), h.options());
        // document order, first value of a repeated name wins
        assertEquals(List.of("ShellId", "Extra"), List.copyOf(h.selectors().keySet()));
        assertEquals("0D6FCA9D-2D40-44C3-B691-E665BE7AA687", h.shellId().orElseThrow());
    }

    @Test
    void readsWinrm4jDefaultNamespacesAndUnusedPrefixDeclarations() {
        // winrm4j 0.12.3 (corpus clients/winrm4j-0.12.3-cmd): default namespaces on each header block
        byte[] xml = utf8("""
                <soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Header>
                <Action xmlns="http://schemas.xmlsoap.org/ws/2004/08/addressing">http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive</Action>
                <MessageID xmlns="http://schemas.xmlsoap.org/ws/2004/08/addressing">urn:uuid:ed4c83a5-7579-45fa-8e49-6d12a488c34e</MessageID>
                <ReplyTo xmlns="http://schemas.xmlsoap.org/ws/2004/08/addressing"><Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</Address></ReplyTo>
                <MaxEnvelopeSize xmlns="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns:ns2="http://schemas.microsoft.com/wbem/wsman/1/windows/shell">153600</MaxEnvelopeSize>
                <Locale xmlns="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xml:lang="en-US"/>
                <SelectorSet xmlns="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"><Selector Name="ShellId">11111111-2222-3333-4444-555555555555</Selector></SelectorSet>
                </soap:Header><soap:Body>
                <ns1:Receive xmlns:ns1="http://schemas.microsoft.com/wbem/wsman/1/windows/shell"><ns1:DesiredStream ns1:CommandId="66666666-7777-8888-9999-000000000000">stdout stderr</ns1:DesiredStream></ns1:Receive>
                </soap:Body></soap:Envelope>""");

        WsmanEnvelope e = clean(reader.read(xml));

        assertEquals(WsmanAction.Receive, e.action());
        assertEquals("urn:uuid:ed4c83a5-7579-45fa-8e49-6d12a488c34e", e.header().messageId());
        assertEquals("http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous", e.header().replyTo());
        assertEquals(153600L, e.header().maxEnvelopeSize());
        assertEquals("en-US", e.header().locale());
        assertEquals(Map.of("ShellId", "11111111-2222-3333-4444-555555555555"), e.header().selectors());
        // the namespace-qualified ns1:CommandId attribute counts like an unqualified one
        assertEquals(new WsmanBody.Receive("66666666-7777-8888-9999-000000000000", List.of("stdout", "stderr")),
                e.body());
    }

    @Test
    void trimsOmiPaddedValues() {
        // OMI pads element text with newlines and indentation (corpus winrb/open_shell_omi.xml)
        byte[] xml = envelope("SOAP-ENV", """
                <wsa:Action>
                        http://schemas.dmtf.org/wbem/wsman/1/wsman/fault
                </wsa:Action>
                <wsa:RelatesTo>
                        uuid:01022086-C0D6-45DA-85F2-21FA2B476FCA
                </wsa:RelatesTo>""", "");

        WsmanHeader h = clean(reader.read(xml)).header();

        assertEquals("http://schemas.dmtf.org/wbem/wsman/1/wsman/fault", h.actionUri());
        assertEquals(WsmanAction.Fault, h.action());
        assertEquals("uuid:01022086-C0D6-45DA-85F2-21FA2B476FCA", h.relatesTo());
    }

    @Test
    void matchesByNamespaceNotByPrefix() {
        // an Action in a foreign namespace is not the WS-Addressing Action, whatever its prefix says
        byte[] xml = utf8("<s:Envelope xmlns:s=\"" + WsmanNamespaces.SOAP + "\" xmlns:wsa=\"urn:not-addressing\""
                + " xmlns:a=\"" + WsmanNamespaces.ADDRESSING + "\"><s:Header>"
                + "<wsa:Action>urn:wrong</wsa:Action><a:Action>" + WsmanAction.Signal.uri() + "</a:Action>"
                + "</s:Header><s:Body/></s:Envelope>");

        assertEquals(WsmanAction.Signal, clean(reader.read(xml)).action());
    }

    @Test
    void reportsANonNumericMaxEnvelopeSizeAndStillParses() {
        byte[] xml = envelope("<wsman:MaxEnvelopeSize>150 KiB</wsman:MaxEnvelopeSize>"
                + "<wsa:Action>" + WsmanAction.Delete.uri() + "</wsa:Action>", "");

        EnvelopeDecoded.EnvelopeParsed p = parsed(reader.read(xml));

        assertNull(p.envelope().header().maxEnvelopeSize());
        assertEquals(WsmanAction.Delete, p.envelope().action());
        assertEquals(1, p.problems().size());
        assertEquals(DecodeProblem.Kind.INVALID_VALUE, p.problems().get(0).kind());
        assertTrue(p.problems().get(0).detail().contains("MaxEnvelopeSize '150 KiB'"), p.problems()::toString);
    }

    @Test
    void keepsAnUnknownActionAsSent() {
        WsmanHeader h = clean(reader.read(envelope("<wsa:Action> urn:example:Custom </wsa:Action>", ""))).header();

        assertEquals("urn:example:Custom", h.actionUri());
        assertEquals(WsmanAction.Unknown, h.action());
    }

    @Test
    void anEnvelopeWithoutHeaderHasAnEmptyHeader() {
        byte[] xml = utf8("<s:Envelope xmlns:s=\"" + WsmanNamespaces.SOAP + "\"><s:Body/></s:Envelope>");

        WsmanHeader h = clean(reader.read(xml)).header();

        assertNull(h.actionUri());
        assertEquals(WsmanAction.Unknown, h.action());
        assertTrue(h.selectors().isEmpty() && h.options().isEmpty());
    }
}
