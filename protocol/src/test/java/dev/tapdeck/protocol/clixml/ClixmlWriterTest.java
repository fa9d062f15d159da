package dev.tapdeck.protocol.clixml;

import static dev.tapdeck.protocol.clixml.PsObjects.i32;
import static dev.tapdeck.protocol.clixml.PsObjects.property;
import static dev.tapdeck.protocol.clixml.PsObjects.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClixmlWriterTest {

    private static PsValue roundTrip(PsValue v) {
        return ClixmlReaderTest.parse(ClixmlWriter.write(v));
    }

    @Test
    void everyPrimitiveOfSection2251ReadsBackAsWritten() {
        List<PsPrimitive> values = List.of(string("This is a string"), new PsPrimitive(PrimitiveType.CHARACTER, 'a'),
                PsObjects.bool(true), PsObjects.bool(false),
                new PsPrimitive(PrimitiveType.DATE_TIME, OffsetDateTime.parse("2008-04-11T10:42:32.2731993-07:00")),
                new PsPrimitive(PrimitiveType.DATE_TIME, OffsetDateTime.parse("2018-06-13T23:46:28Z")),
                new PsPrimitive(PrimitiveType.DATE_TIME, LocalDateTime.parse("2008-04-11T10:42:32")),
                new PsPrimitive(PrimitiveType.DURATION, Duration.ofSeconds(9, 26_902_600)),
                new PsPrimitive(PrimitiveType.DURATION, Duration.ofMillis(-1500)),
                new PsPrimitive(PrimitiveType.UNSIGNED_BYTE, 254), new PsPrimitive(PrimitiveType.SIGNED_BYTE, (byte) -127),
                new PsPrimitive(PrimitiveType.UNSIGNED_SHORT, 65535), new PsPrimitive(PrimitiveType.SIGNED_SHORT, (short) -32767),
                new PsPrimitive(PrimitiveType.UNSIGNED_INT, 4294967295L), i32(Integer.MIN_VALUE),
                new PsPrimitive(PrimitiveType.UNSIGNED_LONG, new BigInteger("18446744073709551615")), PsObjects.i64(Long.MIN_VALUE),
                new PsPrimitive(PrimitiveType.FLOAT, 12.34f), new PsPrimitive(PrimitiveType.FLOAT, Float.NEGATIVE_INFINITY),
                new PsPrimitive(PrimitiveType.DOUBLE, 1.0E20), new PsPrimitive(PrimitiveType.DOUBLE, Double.NaN),
                new PsPrimitive(PrimitiveType.DECIMAL, new BigDecimal("12.340")),
                new PsPrimitive(PrimitiveType.ARRAY_OF_BYTES, new byte[] {1, 2, 3, (byte) 0xFF}),
                new PsPrimitive(PrimitiveType.GUID, UUID.fromString("792e5b37-4505-47ef-b7d2-8711bb7affa8")),
                new PsPrimitive(PrimitiveType.URI, "http://www.microsoft.com/"), PsObjects.version("6.2.1.3"),
                new PsPrimitive(PrimitiveType.XML_DOCUMENT, "<item><name>laptop</name></item>"),
                new PsPrimitive(PrimitiveType.SCRIPT_BLOCK, "get-command -type cmdlet"));
        for (PsPrimitive p : values) {
            assertEquals(p, roundTrip(p), () -> ClixmlWriter.write(p));
        }
    }

    @Test
    void writesTheSpecExamplesVerbatim() {
        // [MS-PSRP] 2.2.5.1.4, 2.2.5.1.5, 2.2.5.1.14 and 2.2.5.2.7 examples, in PowerShell's compact form
        assertEquals("<DT>2008-04-11T10:42:32.2731993-07:00</DT>", ClixmlWriter.write(new PsPrimitive(PrimitiveType.DATE_TIME,
                OffsetDateTime.parse("2008-04-11T10:42:32.2731993-07:00"))));
        assertEquals("<TS>PT9.0269026S</TS>", ClixmlWriter.write(new PsPrimitive(PrimitiveType.DURATION, Duration.ofSeconds(9, 26_902_600))));
        assertEquals("<Sg>-INF</Sg>", ClixmlWriter.write(new PsPrimitive(PrimitiveType.FLOAT, Float.NEGATIVE_INFINITY)));
        assertEquals("<Obj RefId=\"0\"><TN RefId=\"0\"><T>System.ConsoleColor</T><T>System.Enum</T><T>System.ValueType</T>"
                + "<T>System.Object</T></TN><ToString>Blue</ToString><I32>9</I32></Obj>",
                ClixmlWriter.write(PsObjects.enumValue("System.ConsoleColor", "Blue", 9)));
    }

    @Test
    void stringsAreEncodedPerSection22532ThenXmlEscaped() {
        // [MS-PSRP] 2.2.5.3.2: control characters, each surrogate unit and an escape-like underscore become _xHHHH_
        PsPrimitive s = string("a\nb_x000A_c\uD801\uDC37 <&> \"q\"");
        assertEquals("<S>a_x000A_b_x005F_x000A_c_xD801__xDC37_ &lt;&amp;&gt; \"q\"</S>", ClixmlWriter.write(s));
        assertEquals(s, roundTrip(s));
        PsPrimitive nonCharacters = string("\uFFFE\uFFFF");
        assertEquals(nonCharacters, roundTrip(nonCharacters), "U+FFFE/U+FFFF are escaped, not replaced");
        PsObject named = PsObjects.properties(property("a b\t<c>", string("")));
        assertEquals("<Obj RefId=\"0\"><MS><S N=\"a b_x0009_&lt;c&gt;\"></S></MS></Obj>", ClixmlWriter.write(named));
        assertEquals("a b\t<c>", assertInstanceOf(PsObject.class, roundTrip(named)).extendedProperties().get(0).name());
    }

    @Test
    void repeatedTypesBecomeTnRefAndSharedObjectsBecomeRef() {
        PsObject shared = PsObjects.list(List.of("System.Object[]", "System.Array", "System.Object"), List.of(string("x")));
        PsObject other = PsObjects.list(List.of("System.Object[]", "System.Array", "System.Object"), List.of());
        PsObject root = PsObjects.properties(property("A", shared), property("B", other), property("C", shared));
        String xml = ClixmlWriter.write(root);
        assertEquals("<Obj RefId=\"0\"><MS><Obj N=\"A\" RefId=\"1\"><TN RefId=\"0\"><T>System.Object[]</T><T>System.Array</T>"
                + "<T>System.Object</T></TN><LST><S>x</S></LST></Obj><Obj N=\"B\" RefId=\"2\"><TNRef RefId=\"0\" /><LST /></Obj>"
                + "<Ref N=\"C\" RefId=\"1\" /></MS></Obj>", xml);
        PsObject back = assertInstanceOf(PsObject.class, ClixmlReaderTest.parse(xml));
        assertSame(back.property("A"), back.property("C"), "the reader resolves the Ref to the same object");
        assertEquals(xml, ClixmlWriter.write(back), "and writing it again gives the same text");
    }

    @Test
    void aCycleIsWrittenAsARefToTheEnclosingObject() {
        String xml = "<Obj RefId=\"0\"><TN RefId=\"0\"><T>System.Collections.Hashtable</T><T>System.Object</T></TN>"
                + "<DCT><En><S N=\"Key\">self</S><Ref N=\"Value\" RefId=\"0\" /></En></DCT></Obj>";
        PsValue v = ClixmlReaderTest.parse(xml);
        assertEquals(xml, ClixmlWriter.write(v));
    }

    @Test
    void secureStringsNilProgressRecordsAndDocuments() {
        PsObject o = PsObjects.properties(property("P", new PsSecureString("GXD6AQ==")), property("N", PsObjects.nil()));
        assertEquals("<Obj RefId=\"0\"><MS><SS N=\"P\">GXD6AQ==</SS><Nil N=\"N\" /></MS></Obj>", ClixmlWriter.write(o));
        PsProgressRecord pr = new PsProgressRecord("Copying", 1, null, -1, 50, "Processing", -1, "half_x");
        assertEquals(pr, roundTrip(pr));
        String doc = ClixmlWriter.document(List.of(string("a"), i32(2)));
        assertEquals("<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><S>a</S><I32>2</I32></Objs>", doc);
        assertEquals(List.of(string("a"), i32(2)),
                assertInstanceOf(ClixmlDecoded.ClixmlParsed.class, new ClixmlReader().read(doc)).values());
    }
}
