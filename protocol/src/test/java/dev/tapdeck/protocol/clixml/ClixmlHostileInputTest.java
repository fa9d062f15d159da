package dev.tapdeck.protocol.clixml;

import static dev.tapdeck.protocol.clixml.ClixmlReaderTest.reject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.clixml.ClixmlDecoded.ClixmlParsed;
import dev.tapdeck.protocol.wsman.DecodeProblem;
import dev.tapdeck.protocol.wsman.DecodeProblem.Kind;
import dev.tapdeck.protocol.wsman.XmlLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClixmlHostileInputTest {
    private final ClixmlReader reader = new ClixmlReader();

    @Test
    void externalEntityIsRefusedAndTheFileNeverRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE S [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]><S>&xxe;</S>";

        DecodeProblem p = reject(reader, xml);

        assertEquals(Kind.DTD_FORBIDDEN, p.kind());
        assertFalse(p.detail().contains("TOP-SECRET"));
    }

    @Test
    void entityExpansionBombIsRefused() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE S [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        assertEquals(Kind.DTD_FORBIDDEN, reject(reader, dtd + "<S>&lol9;</S>").kind());
    }

    @Test
    void undeclaredEntityWithoutDtdIsMalformed() {
        assertEquals(Kind.MALFORMED_XML, reject(reader, "<S>&foo;</S>").kind());
    }

    @Test
    void deepNestingStopsAtMaxDepth() {
        int depth = ClixmlReader.DEFAULT_LIMITS.maxDepth();
        String ok = "<Obj><LST>".repeat((depth - 1) / 2) + "<S>x</S>" + "</LST></Obj>".repeat((depth - 1) / 2);
        assertInstanceOf(ClixmlParsed.class, reader.read(ok));

        String deep = "<Obj><LST>".repeat(depth) + "</LST></Obj>".repeat(depth);
        DecodeProblem p = reject(reader, deep);
        assertEquals(Kind.LIMIT_EXCEEDED, p.kind());
        assertTrue(p.detail().contains("maxDepth (100)"), p.detail());

        String veryDeep = "<Obj><LST>".repeat(100_000); // unclosed too: the depth limit answers first
        assertTrue(reject(reader, veryDeep).detail().contains("maxDepth"));
    }

    @Test
    void otherLimitsNameThemselves() {
        ClixmlReader small = new ClixmlReader(new XmlLimits(200, 10, 5, 4, 2));
        assertTrue(reject(small, "<S>" + "x".repeat(300) + "</S>").detail().contains("maxBytes (200"));
        assertTrue(reject(small, "<S>123456</S>").detail().contains("maxTextChars (5)"));
        assertTrue(reject(small, "<Obj><LST><S/><S/><S/><S/></LST></Obj>").detail().contains("maxElements (4)"));
        assertTrue(reject(small, "<Obj a=\"1\" b=\"2\" c=\"3\"/>").detail().contains("maxAttributes (2)"));
        assertInstanceOf(ClixmlParsed.class, small.read("<S>12345</S>"));
    }

    @Test
    void malformedAndUnexpectedShapesAreRejected() {
        assertEquals(Kind.MALFORMED_XML, reject(reader, "<S>unclosed").kind());
        assertEquals(Kind.MALFORMED_XML, reject(reader, "").kind());
        assertEquals(Kind.MALFORMED_XML, reject(reader, "<S>a</S><S>b</S>").kind());
        assertEquals(Kind.MALFORMED_XML, reject(reader, "not xml").kind());
        assertTrue(reject(reader, "<Foo />").detail().contains("unknown element <Foo>"));
        assertTrue(reject(reader, "<S><B>true</B></S>").detail().contains("<B> inside <S>"));
        assertTrue(reject(reader, "<Obj>text<MS/></Obj>").detail().contains("unexpected text"));
        assertTrue(reject(reader, "<Obj><TN><X/></TN></Obj>").detail().contains("expected <T>"));
    }

    @Test
    void sharedReferencesCannotMakeRenderingExplode() {
        // 40 levels, each holding the previous object twice: 2^40 leaves if expanded
        StringBuilder xml = new StringBuilder("<Obj><LST><Obj RefId=\"0\"><S>leaf</S></Obj>");
        for (int i = 1; i <= 40; i++) {
            xml.append("<Obj RefId=\"").append(i).append("\"><LST><Ref RefId=\"").append(i - 1).append("\" /><Ref RefId=\"")
                    .append(i - 1).append("\" /></LST></Obj>");
        }
        xml.append("</LST></Obj>");
        PsValue v = ((ClixmlParsed) reader.read(xml.toString())).value();
        String text = PsValueRenderer.render(v, 500);
        assertEquals(500, text.length());
        assertTrue(text.endsWith("…"));
    }

    @Test
    void randomMutationsOfRealDataNeverThrow() {
        byte[] original = ("<Obj RefId=\"0\"><MS><Obj N=\"PowerShell\" RefId=\"1\"><TN RefId=\"0\"><T>System.Object</T></TN>"
                + "<ToString>x_x000A_</ToString><MS><S N=\"Cmd\">Get-Item</S><B N=\"IsScript\">false</B><Ref N=\"Again\" RefId=\"1\" />"
                + "<Obj N=\"Args\" RefId=\"2\"><TNRef RefId=\"0\" /><LST><I32>1</I32><SS>QUJD</SS><Nil /></LST></Obj>"
                + "<Obj N=\"D\" RefId=\"3\"><DCT><En><S N=\"Key\">k</S><D N=\"Value\">1.5</D></En></DCT></Obj></MS></Obj></MS></Obj>")
                .getBytes(StandardCharsets.UTF_8);
        assertInstanceOf(ClixmlParsed.class, reader.read(original));
        Random random = new Random(7);
        for (int i = 0; i < 3000; i++) {
            byte[] mutated = original.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                String alphabet = "<>/\"=&_ x0AZ\u00ff";
                mutated[random.nextInt(mutated.length)] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
            }
            ClixmlDecoded d = reader.read(mutated);
            assertNotNull(d);
            if (d instanceof ClixmlDecoded.ClixmlRejected r) {
                // the reader's last-resort catch of runtime exceptions must not be what handled it
                assertFalse(r.problem().detail().matches("^[A-Za-z]+(Exception|Error): .*"), r.problem().toString());
            }
        }
    }
}
