package dev.tapdeck.protocol.wsman;

import static dev.tapdeck.protocol.wsman.TestEnvelopes.clean;
import static dev.tapdeck.protocol.wsman.TestEnvelopes.rejected;
import static dev.tapdeck.protocol.wsman.TestEnvelopes.utf8;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and broken bodies: each gives a named problem, none an exception. */
class EnvelopeReaderHostileTest {
    private static final String SOAP = WsmanNamespaces.SOAP;
    private static final String SECRET = "tapdeck-secret-4711";
    private static final XmlLimits SMALL = new XmlLimits(4096, 8, 64, 40, 5);

    private final EnvelopeReader reader = new EnvelopeReader();

    @Test
    void externalEntityIsRejectedAndNeverResolved(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET);
        byte[] xxe = utf8("<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + "<s:Envelope xmlns:s=\"" + SOAP + "\"><s:Body><a>&xxe;</a></s:Body></s:Envelope>");

        DecodeProblem p = rejected(DecodeProblem.Kind.DTD_FORBIDDEN, reader.read(xxe));

        assertFalse(p.detail().contains(SECRET));
        assertTrue(p.detail().contains("line 1"), p::toString);
    }

    @Test
    void externalDtdIsRejected(@TempDir Path dir) throws IOException {
        Path dtd = Files.writeString(dir.resolve("evil.dtd"), "<!ENTITY leak \"" + SECRET + "\">");
        byte[] xml = utf8("<!DOCTYPE s:Envelope SYSTEM \"" + dtd.toUri() + "\"><s:Envelope xmlns:s=\"" + SOAP
                + "\"><s:Body>&leak;</s:Body></s:Envelope>");

        assertFalse(rejected(DecodeProblem.Kind.DTD_FORBIDDEN, reader.read(xml)).detail().contains(SECRET));
    }

    @Test
    void billionLaughsIsRejectedBeforeAnyExpansion() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE s:Envelope [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"")
                    .append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        byte[] xml = utf8(dtd + "]><s:Envelope xmlns:s=\"" + SOAP + "\"><s:Body><a>&lol9;</a></s:Body></s:Envelope>");

        rejected(DecodeProblem.Kind.DTD_FORBIDDEN, reader.read(xml));
    }

    @Test
    void anEntityReferenceWithoutDtdIsMalformed() {
        byte[] xml = utf8("<s:Envelope xmlns:s=\"" + SOAP + "\"><s:Body>&undeclared;</s:Body></s:Envelope>");

        rejected(DecodeProblem.Kind.MALFORMED_XML, reader.read(xml));
    }

    @Test
    void tenThousandDeepNestingHitsMaxDepth() {
        int n = 10_000;
        byte[] xml = utf8("<s:Envelope xmlns:s=\"" + SOAP + "\"><s:Body>" + "<a>".repeat(n) + "</a>".repeat(n)
                + "</s:Body></s:Envelope>");

        DecodeProblem p = rejected(DecodeProblem.Kind.LIMIT_EXCEEDED, reader.read(xml));

        assertTrue(p.detail().contains("maxDepth (" + XmlLimits.DEFAULT.maxDepth() + ")"), p::toString);
    }

    @Test
    void tooManyElementsHitMaxElements() {
        byte[] xml = utf8("<s:Envelope xmlns:s=\"" + SOAP + "\"><s:Body>" + "<a/>".repeat(100) + "</s:Body></s:Envelope>");

        DecodeProblem p = rejected(DecodeProblem.Kind.LIMIT_EXCEEDED, new EnvelopeReader(SMALL).read(xml));

        assertTrue(p.detail().contains("maxElements (40)"), p::toString);
    }

    @Test
    void tooManyAttributesHitMaxAttributes() {
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            attributes.append(" a").append(i).append("=\"v\"");
        }
        byte[] xml = utf8("<s:Envelope xmlns:s=\"" + SOAP + "\"><s:Body><x" + attributes + "/></s:Body></s:Envelope>");

        DecodeProblem p = rejected(DecodeProblem.Kind.LIMIT_EXCEEDED, reader.read(xml));

        assertTrue(p.detail().contains("maxAttributes (" + XmlLimits.DEFAULT.maxAttributes() + ")"), p::toString);
    }

    @Test
    void aLongTextHitsMaxTextCharsEvenWhenSplitByComments() {
        String text = "QUFB".repeat(10) + "<!-- split -->" + "QUFB".repeat(10);
        byte[] xml = utf8("<s:Envelope xmlns:s=\"" + SOAP + "\"><s:Body><rsp:Send xmlns:rsp=\"" + WsmanNamespaces.SHELL
                + "\"><rsp:Stream Name=\"stdin\">" + text + "</rsp:Stream></rsp:Send></s:Body></s:Envelope>");

        DecodeProblem p = rejected(DecodeProblem.Kind.LIMIT_EXCEEDED, new EnvelopeReader(SMALL).read(xml));

        assertTrue(p.detail().contains("maxTextChars (64)"), p::toString);
    }

    @Test
    void overMaxBytesIsRejectedBeforeParsingNamingLimitAndSize() {
        byte[] garbage = new byte[SMALL.maxBytes() + 1];

        DecodeProblem p = rejected(DecodeProblem.Kind.LIMIT_EXCEEDED, new EnvelopeReader(SMALL).read(garbage));

        assertEquals("body of 4097 bytes exceeds maxBytes (4096 bytes)", p.detail());
    }

    @Test
    void truncatedXmlIsMalformedWithAPosition() {
        byte[] xml = utf8("<s:Envelope xmlns:s=\"" + SOAP + "\">\n<s:Body><rsp:Se");

        DecodeProblem p = rejected(DecodeProblem.Kind.MALFORMED_XML, reader.read(xml));

        assertTrue(p.detail().matches("malformed XML at line 2, column \\d+: .+"), p::toString);
    }

    @Test
    void emptyInputIsMalformed() {
        rejected(DecodeProblem.Kind.MALFORMED_XML, reader.read(new byte[0]));
        rejected(DecodeProblem.Kind.MALFORMED_XML, reader.read(utf8("  \r\n")));
    }

    @Test
    void binaryGarbageIsMalformed() {
        // an NTLM NEGOTIATE token where XML was expected, then seeded random bytes
        rejected(DecodeProblem.Kind.MALFORMED_XML,
                reader.read(HexFormat.of().parseHex("4e544c4d5353500001000000978208e2000000000000000000000000")));
        byte[] random = new byte[2048];
        new Random(6205).nextBytes(random);
        rejected(DecodeProblem.Kind.MALFORMED_XML, reader.read(random));
    }

    @Test
    void invalidUtf8InsideTextIsMalformed() {
        byte[] xml = utf8("<s:Envelope xmlns:s=\"" + SOAP + "\"><s:Body><a>xx</a></s:Body></s:Envelope>");
        int i = new String(xml, StandardCharsets.UTF_8).indexOf("xx");
        xml[i] = (byte) 0xC3; // a lead byte followed by an ASCII byte
        xml[i + 1] = (byte) 0x28;

        DecodeProblem p = rejected(DecodeProblem.Kind.MALFORMED_XML, reader.read(xml));

        assertEquals("malformed XML: invalid UTF-8 byte sequence at byte offset " + i, p.detail());
    }

    @Test
    void trailingContentAfterTheEnvelopeIsMalformed() {
        byte[] xml = utf8("<s:Envelope xmlns:s=\"" + SOAP + "\"><s:Body/></s:Envelope><s:Envelope/>");

        rejected(DecodeProblem.Kind.MALFORMED_XML, reader.read(xml));
    }

    @Test
    void otherRootsAreNotEnvelopes() {
        DecodeProblem p = rejected(DecodeProblem.Kind.NOT_AN_ENVELOPE, reader.read(utf8("<html><body/></html>")));
        assertTrue(p.detail().startsWith("the root element is 'html' in namespace ''"), p::toString);
        // a long name is shortened in the sentence; the JDK parser refuses names over 1,000 characters
        DecodeProblem shortened = rejected(DecodeProblem.Kind.NOT_AN_ENVELOPE,
                reader.read(utf8("<" + "n".repeat(900) + "/>")));
        assertTrue(shortened.detail().length() < 200, shortened::toString);
        rejected(DecodeProblem.Kind.MALFORMED_XML, reader.read(utf8("<" + "n".repeat(100_000) + "/>")));
        // SOAP 1.1 is not what WS-Man speaks
        rejected(DecodeProblem.Kind.NOT_AN_ENVELOPE, reader.read(utf8(
                "<e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"><e:Body/></e:Envelope>")));
        // the right local name in no namespace
        rejected(DecodeProblem.Kind.NOT_AN_ENVELOPE, reader.read(utf8("<Envelope><Body/></Envelope>")));
    }

    @Test
    void readsASliceOfALargerBuffer() {
        byte[] envelope = TestEnvelopes.body("<rsp:SendResponse/>");
        byte[] buffer = new byte[envelope.length + 20];
        Arrays.fill(buffer, (byte) '#');
        System.arraycopy(envelope, 0, buffer, 7, envelope.length);

        assertEquals(new WsmanBody.SendResponse(), clean(reader.read(buffer, 7, envelope.length)).body());
        rejected(DecodeProblem.Kind.MALFORMED_XML, reader.read(buffer, 6, envelope.length));
    }

    @Test
    void detectsUtf16AndDeclaredEncodings() {
        String envelope = "<s:Envelope xmlns:s=\"" + SOAP + "\" xmlns:wsa=\"" + WsmanNamespaces.ADDRESSING
                + "\"><s:Header><wsa:To>http://h\u00f6st/wsman</wsa:To></s:Header><s:Body/></s:Envelope>";
        List<byte[]> encodings = List.of(
                ("\uFEFF" + envelope).getBytes(StandardCharsets.UTF_16BE),
                ("\uFEFF" + envelope).getBytes(StandardCharsets.UTF_16LE),
                envelope.getBytes(StandardCharsets.UTF_16LE),
                ("\uFEFF" + envelope).getBytes(StandardCharsets.UTF_8),
                ("<?xml version=\"1.0\" encoding='ISO-8859-1'?>" + envelope).getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] xml : encodings) {
            assertEquals("http://h\u00f6st/wsman", clean(reader.read(xml)).header().to());
        }
        rejected(DecodeProblem.Kind.MALFORMED_XML,
                reader.read(utf8("<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?>" + envelope)));
    }

    @Test
    void everySingleByteCorruptionOfAnEnvelopeGivesAnAnswer() {
        byte[] original = TestEnvelopes.envelope("<wsa:Action>" + WsmanAction.Send.uri() + "</wsa:Action>",
                "<rsp:Send><rsp:Stream Name=\"stdin\" End=\"true\">bXlsaW5lDQo=</rsp:Stream></rsp:Send>");
        List<Byte> replacements = List.of((byte) '<', (byte) '&', (byte) 0, (byte) 0xFF, (byte) '"');
        for (int i = 0; i < original.length; i++) {
            for (byte b : replacements) {
                byte[] corrupted = original.clone();
                corrupted[i] = b;
                int at = i;
                assertNotNull(assertDoesNotThrow(() -> reader.read(corrupted), () -> "byte " + at + " = " + b));
            }
        }
    }
}
