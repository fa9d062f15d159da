package dev.tapdeck.recorder.redact;

import dev.tapdeck.protocol.corpus.PypsrpRecordings;
import dev.tapdeck.protocol.corpus.RecordedExchange;
import dev.tapdeck.protocol.corpus.Recording;
import dev.tapdeck.protocol.corpus.Winrm4jRecordings;
import dev.tapdeck.protocol.psrp.Fragment;
import dev.tapdeck.protocol.psrp.Fragmenter;
import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A body the tap already parsed and that holds nothing to redact is let through without the redactor's own
 * parse ({@link CarrierScan}); the result must be the one the full pass gives, byte for byte, placeholders and
 * counts included.
 */
class UnparsedBodyTest {
    private static final EnvelopeReader READER = new EnvelopeReader();
    private static final String SHELL = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell";
    private static final String WSMAN = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";

    @Test
    void realSessionsRedactTheSameWithAndWithoutTheShortcut() {
        List<Recording> sessions = Stream.concat(PypsrpRecordings.all().stream(), Winrm4jRecordings.all().stream()).toList();
        int bodies = 0;
        int skipped = 0;
        for (Recording session : sessions) {
            SessionRedactor full = new SessionRedactor(RedactionPolicy.DEFAULT);
            SessionRedactor shortcut = new SessionRedactor(RedactionPolicy.DEFAULT);
            for (RecordedExchange e : session.exchanges()) {
                boolean parsed = parsed(e.request());
                byte[] expected = full.winrmRequest(e.request());
                assertArrayEquals(expected, shortcut.winrmRequest(e.request(), parsed), session.name() + " #" + e.index());
                bodies++;
                skipped += parsed && CarrierScan.noPsrpCarrier(e.request(), SoapBodyRedactor.MAX_DEPTH) ? 1 : 0;
                if (e.hasResponse()) {
                    parsed = parsed(e.response());
                    expected = full.winrmResponse(e.response());
                    assertArrayEquals(expected, shortcut.winrmResponse(e.response(), parsed),
                            session.name() + " #" + e.index() + " response");
                    bodies++;
                    skipped += parsed && CarrierScan.noPsrpCarrier(e.response(), SoapBodyRedactor.MAX_DEPTH) ? 1 : 0;
                }
            }
            assertEquals(full.counts(), shortcut.counts(), session.name());
        }
        assertTrue(sessions.size() > 20 && skipped > 100 && skipped < bodies,
                sessions.size() + " sessions, " + skipped + " of " + bodies + " bodies took the shortcut");
    }

    @Test
    void carriersAreFoundUnderAnyPrefixOrNone() {
        assertFalse(CarrierScan.noCarrier(bytes(XmlPathRedactionTest.send("AAAA")), 256), "rsp:Stream of a Send");
        assertFalse(CarrierScan.noCarrier(bytes("<Envelope><Body><Stream Name=\"stdout\">AAAA</Stream></Body></Envelope>"), 256));
        assertFalse(CarrierScan.noCarrier(bytes("<s:Envelope><s:Body><rsp:CommandLine><rsp:Arguments>x</rsp:Arguments>"
                + "</rsp:CommandLine></s:Body></s:Envelope>"), 256));
        for (String name : List.of("creationXml", "connectXml", "connectResponseXml")) {
            assertFalse(CarrierScan.noCarrier(bytes("<a><p:" + name + "\txmlns:p=\"x\">AAAA</p:" + name + "></a>"), 256), name);
        }
        assertFalse(CarrierScan.noCarrier(bytes("<a><rsp:Stream/></a>"), 256), "even empty");
        assertFalse(CarrierScan.noCarrier(bytes("<a><!-- <rsp:Stream> --></a>"), 256), "a look-alike costs the full pass");
    }

    @Test
    void carriersOfTextShellsAreLookedIntoNotParsed() {
        String stdin = Base64.getEncoder().encodeToString("dir C:\\\r\n".getBytes(StandardCharsets.UTF_8));
        String psrp = Base64.getEncoder().encodeToString(Fragmenter.encode(List.of(new Fragment(1, 0, true, true, new byte[40]))));
        assertTrue(CarrierScan.noPsrpCarrier(bytes(XmlPathRedactionTest.send(stdin)), 256), "cmd stdin");
        assertTrue(CarrierScan.noPsrpCarrier(bytes(XmlPathRedactionTest.send("")), 256), "empty");
        assertTrue(CarrierScan.noPsrpCarrier(bytes(XmlPathRedactionTest.send("not base64!")), 256), "not base64");
        assertTrue(CarrierScan.noPsrpCarrier(bytes("<a><rsp:Stream Name='x'/></a>"), 256), "empty element");
        assertFalse(CarrierScan.noPsrpCarrier(bytes(XmlPathRedactionTest.send(psrp)), 256), "whole PSRP fragments");
        assertFalse(CarrierScan.noPsrpCarrier(bytes(XmlPathRedactionTest.send("\r\n " + psrp.substring(0, 20) + "\n"
                + psrp.substring(20) + " ")), 256), "line breaks, as MIME base64 reads them");
        assertFalse(CarrierScan.noPsrpCarrier(bytes("<a><rsp:Stream N=\"a>b/\" M='>'>" + psrp + "</rsp:Stream></a>"), 256),
                "'>' in attribute values");
        assertFalse(CarrierScan.noPsrpCarrier(bytes("<a><rsp:Stream>" + psrp.substring(0, 8) + "<!-- x -->"
                + psrp.substring(8) + "</rsp:Stream></a>"), 256), "a comment inside: left to the parser");
        assertFalse(CarrierScan.noPsrpCarrier(bytes("<a><rsp:Stream>&#65;" + stdin + "</rsp:Stream></a>"), 256),
                "a reference: left to the parser");
        assertFalse(CarrierScan.noPsrpCarrier(bytes("<a><rsp:Stream><![CDATA[" + stdin + "]]></rsp:Stream></a>"), 256),
                "CDATA: left to the parser");
        assertFalse(CarrierScan.noPsrpCarrier(bytes("<a><rsp:Stream>" + stdin + "</rsp:Streams></rsp:Stream></a>"), 256),
                "not its own end tag");
        assertFalse(CarrierScan.noPsrpCarrier(bytes("<a><!-- <rsp:Stream> --><rsp:Stream>" + psrp + "</rsp:Stream></a>"), 256),
                "a look-alike before the real one hides nothing");
        assertFalse(CarrierScan.noPsrpCarrier(bytes("<a><!-- <rsp:Stream a=\" --><rsp:Stream>" + psrp + "</rsp:Stream>"
                + "<b c=\"\"/></a>"), 256), "an open quote in a look-alike hides nothing");
        assertFalse(CarrierScan.noPsrpCarrier(bytes("<s:Body><rsp:Shell><rsp:CompressionType>xpress</rsp:CompressionType>"
                + "<p:creationXml>" + stdin + "</p:creationXml></rsp:Shell></s:Body>"), 256), "a Create asking for xpress");
        assertTrue(CarrierScan.noPsrpCarrier(bytes("<s:Body><rsp:Shell><rsp:CompressionType>xpress</rsp:CompressionType>"
                + "</rsp:Shell></s:Body>"), 256), "as noCarrier without carrier");
    }

    @Test
    void aTextShellSessionRedactsTheSameWithAndWithoutTheShortcut() {
        // a cmd shell's stdin that happens to be whole PSRP fragments is redacted as the full pass redacts it
        String psrp = Base64.getEncoder().encodeToString(Fragmenter.encode(List.of(new Fragment(1, 3, false, true, new byte[40]))));
        String stdin = Base64.getEncoder().encodeToString("echo hi\r\n".getBytes(StandardCharsets.UTF_8));
        SessionRedactor full = new SessionRedactor(RedactionPolicy.DEFAULT);
        SessionRedactor shortcut = new SessionRedactor(RedactionPolicy.DEFAULT);
        for (String data : List.of(stdin, psrp, stdin)) {
            byte[] body = bytes(XmlPathRedactionTest.send(data));
            assertTrue(parsed(body));
            byte[] expected = full.winrmRequest(body);
            assertArrayEquals(expected, shortcut.winrmRequest(body, true));
            assertEquals(data.equals(psrp), expected != body, "only the orphan fragment is changed");
        }
        assertEquals(1L, full.counts().get("psrp-fragment-dropped"), full.counts().toString());
        assertEquals(full.counts(), shortcut.counts());
    }

    @Test
    void namesThatOnlyContainACarrierNameAreNoCarrier() {
        byte[] receive = bytes("<?xml version=\"1.0\" encoding=\"utf-8\"?><s:Envelope><s:Body><rsp:Receive>"
                + "<rsp:DesiredStream CommandId=\"1\">stdout stderr</rsp:DesiredStream></rsp:Receive>"
                + "<rsp:InputStreams>stdin</rsp:InputStreams><rsp:Streams/></s:Body></s:Envelope>");
        assertTrue(CarrierScan.noCarrier(receive, 256));
        assertFalse(CarrierScan.noCarrier(receive, 5), "more start tags than the redactor follows in depth");
    }

    @Test
    void onlyAsciiCompatibleEncodingsAreScanned() {
        String doc = "<?xml version=\"1.0\" encoding=\"utf-16\"?><s:Envelope><s:Body/></s:Envelope>";
        byte[] utf16 = doc.getBytes(StandardCharsets.UTF_16LE);
        byte[] bom = new byte[utf16.length + 2];
        bom[0] = (byte) 0xFF;
        bom[1] = (byte) 0xFE;
        System.arraycopy(utf16, 0, bom, 2, utf16.length);
        assertFalse(CarrierScan.noCarrier(utf16, 256));
        assertFalse(CarrierScan.noCarrier(bom, 256));
        assertTrue(CarrierScan.noCarrier(bytes(doc.replace("utf-16", "ISO-8859-1")), 256));
    }

    @Test
    void theShellIdOfAnUnparsedRequestStillKeysItsAnswersPayload() {
        // ObjectIds are unique per pool only: a message's start under shell AAA and an end under shell BBB with the
        // same ObjectId are two messages, the end an orphan. The Receives carry nothing and are not parsed at once.
        SessionRedactor full = new SessionRedactor(RedactionPolicy.DEFAULT);
        SessionRedactor shortcut = new SessionRedactor(RedactionPolicy.DEFAULT);
        byte[][] bodies = {receive("AAA"), receiveResponse(new Fragment(7, 0, true, false, new byte[60])),
                receive("BBB"), receiveResponse(new Fragment(7, 1, false, true, new byte[20]))};
        for (int i = 0; i < bodies.length; i += 2) {
            assertTrue(parsed(bodies[i]) && parsed(bodies[i + 1]));
            assertArrayEquals(full.winrmRequest(bodies[i]), shortcut.winrmRequest(bodies[i], true));
            assertArrayEquals(full.winrmResponse(bodies[i + 1]), shortcut.winrmResponse(bodies[i + 1], true), "answer " + i);
        }
        assertEquals(1L, full.counts().get("psrp-fragment-dropped"), full.counts().toString());
        assertEquals(full.counts(), shortcut.counts());
    }

    private static byte[] receive(String shellId) {
        return bytes("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:w=\"" + WSMAN + "\"><s:Header>"
                + "<w:SelectorSet><w:Selector Name=\"ShellId\">" + shellId + "</w:Selector></w:SelectorSet></s:Header>"
                + "<s:Body><rsp:Receive xmlns:rsp=\"" + SHELL + "\"><rsp:DesiredStream>stdout</rsp:DesiredStream>"
                + "</rsp:Receive></s:Body></s:Envelope>");
    }

    private static byte[] receiveResponse(Fragment f) {
        return bytes("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>"
                + "<rsp:ReceiveResponse xmlns:rsp=\"" + SHELL + "\"><rsp:Stream Name=\"stdout\">"
                + Base64.getEncoder().encodeToString(Fragmenter.encode(List.of(f)))
                + "</rsp:Stream></rsp:ReceiveResponse></s:Body></s:Envelope>");
    }

    private static boolean parsed(byte[] body) {
        return body != null && body.length > 0 && READER.read(body) instanceof EnvelopeDecoded.EnvelopeParsed;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
