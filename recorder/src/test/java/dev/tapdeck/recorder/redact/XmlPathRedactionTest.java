package dev.tapdeck.recorder.redact;

import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.wsman.WsmanBody;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** User-named WS-Man elements: the path subset, base64 placeholders for streams, the rest of the body kept. */
class XmlPathRedactionTest {
    private static final String STDIN = Base64.getEncoder().encodeToString("first line\r\n".getBytes(StandardCharsets.US_ASCII));

    static String send(String data) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\" "
                + "xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" "
                + "xmlns:rsp=\"http://schemas.microsoft.com/wbem/wsman/1/windows/shell\"><env:Header>"
                + "<a:Action env:mustUnderstand=\"true\">http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Send</a:Action>"
                + "<w:SelectorSet><w:Selector Name=\"ShellId\">11111111-1111-1111-1111-111111111111</w:Selector></w:SelectorSet>"
                + "</env:Header><env:Body><rsp:Send><rsp:Stream Name=\"stdin\" CommandId=\"22222222-2222-2222-2222-222222222222\">"
                + data + "</rsp:Stream></rsp:Send></env:Body></env:Envelope>";
    }

    @Test
    void aNamedStreamGetsABase64PlaceholderAndTheEnvelopeStillReads() {
        SessionRedactor r = new SessionRedactor(RedactionPolicy.of(true, null, List.of("//rsp:Stream[@Name='stdin']"), null));
        byte[] body = send(STDIN).getBytes(StandardCharsets.UTF_8);
        byte[] out = r.winrmRequest(body);
        String text = new String(out, StandardCharsets.UTF_8);
        assertFalse(text.contains(STDIN), text);
        assertEquals(send(Base64.getEncoder().encodeToString("tapdeck-redacted-1".getBytes(StandardCharsets.US_ASCII))), text,
                "only the element's content changed");
        EnvelopeDecoded d = new EnvelopeReader().read(out);
        assertTrue(d instanceof EnvelopeDecoded.EnvelopeParsed p && p.problems().isEmpty()
                && p.envelope().body() instanceof WsmanBody.Send s && s.streams().get(0).isValid(), d.toString());
        assertEquals(send(Base64.getEncoder().encodeToString("tapdeck-redacted-1".getBytes(StandardCharsets.US_ASCII))),
                new String(r.winrmRequest(body), StandardCharsets.UTF_8), "the same stdin, the same placeholder");
        assertEquals(2, r.counts().get("xpath"));
    }

    @Test
    void anAnchoredPathMatchesFromTheRootOnly() {
        SessionRedactor anchored = new SessionRedactor(RedactionPolicy.of(true, null,
                List.of("/s:Envelope/s:Header/wsman:SelectorSet/wsman:Selector[@Name=\"ShellId\"]"), null));
        String out = new String(anchored.winrmRequest(send(STDIN).getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        assertFalse(out.contains("11111111-1111"), out);
        assertTrue(out.contains(STDIN), "other elements are kept");
        byte[] body = send(STDIN).getBytes(StandardCharsets.UTF_8);
        SessionRedactor wrongRoot = new SessionRedactor(RedactionPolicy.of(true, null, List.of("/rsp:Send/rsp:Stream"), null));
        assertSame(body, wrongRoot.winrmRequest(body), "rsp:Send is not the root");
    }

    @Test
    void unsupportedPathsAreRefusedWithTheirPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> XmlPath.parse("//rsp:Stream[1]"));
        assertTrue(e.getMessage().contains("character 12"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> XmlPath.parse("//x:Stream"));
    }

    @Test
    void aMalformedXmlBodyIsDroppedNotKept() {
        SessionRedactor r = new SessionRedactor(RedactionPolicy.DEFAULT);
        byte[] cut = send(STDIN).substring(0, 400).getBytes(StandardCharsets.UTF_8);
        assertEquals(0, r.winrmRequest(cut).length);
        assertEquals(1, r.counts().get("body-dropped"));
        byte[] notXml = "--Encrypted Boundary\r\n".getBytes(StandardCharsets.US_ASCII);
        assertSame(notXml, r.winrmRequest(notXml), "a sealed multipart body is kept: it holds no clear secret");
    }
}
