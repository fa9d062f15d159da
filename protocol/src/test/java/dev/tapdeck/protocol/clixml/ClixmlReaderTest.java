package dev.tapdeck.protocol.clixml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.clixml.ClixmlDecoded.ClixmlParsed;
import dev.tapdeck.protocol.clixml.ClixmlDecoded.ClixmlRejected;
import dev.tapdeck.protocol.corpus.Corpus;
import dev.tapdeck.protocol.wsman.DecodeProblem;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClixmlReaderTest {
    private final ClixmlReader reader = new ClixmlReader();

    static PsValue parse(String xml) {
        ClixmlDecoded d = new ClixmlReader().read(xml);
        if (d instanceof ClixmlRejected r) {
            throw new AssertionError("rejected: " + r.problem());
        }
        return ((ClixmlParsed) d).value();
    }

    static DecodeProblem reject(ClixmlReader reader, String xml) {
        return assertInstanceOf(ClixmlRejected.class, reader.read(xml), xml).problem();
    }

    private static Object primitive(String xml) {
        return assertInstanceOf(PsPrimitive.class, parse(xml)).value();
    }

    @Test
    void everyPrimitiveOfSection2251() {
        assertEquals("This is a string", primitive("<S>This is a string</S>"));
        assertEquals('a', primitive("<C>97</C>"));
        assertEquals(true, primitive("<B>true</B>"));
        assertEquals(false, primitive("<B>0</B>"));
        assertEquals(OffsetDateTime.parse("2008-04-11T10:42:32.2731993-07:00"), primitive("<DT>2008-04-11T10:42:32.2731993-07:00</DT>"));
        assertEquals(LocalDateTime.parse("2008-04-11T10:42:32"), primitive("<DT>2008-04-11T10:42:32</DT>"));
        assertEquals(Duration.ofSeconds(9, 26_902_600), primitive("<TS>PT9.0269026S</TS>"));
        assertEquals(254, primitive("<By>254</By>"));
        assertEquals((byte) -127, primitive("<SB>-127</SB>"));
        assertEquals(65535, primitive("<U16>65535</U16>"));
        assertEquals((short) -32767, primitive("<I16>-32767</I16>"));
        assertEquals(4294967295L, primitive("<U32>4294967295</U32>"));
        assertEquals(Integer.MIN_VALUE, primitive("<I32>-2147483648</I32>"));
        assertEquals(new BigInteger("18446744073709551615"), primitive("<U64>18446744073709551615</U64>"));
        assertEquals(Long.MIN_VALUE, primitive("<I64>-9223372036854775808</I64>"));
        assertEquals(12.34f, primitive("<Sg>12.34</Sg>"));
        assertEquals(Double.NEGATIVE_INFINITY, primitive("<Db>-INF</Db>"));
        assertEquals(12.34, primitive("<Db> 12.34 </Db>"));
        assertEquals(new BigDecimal("12.34"), primitive("<D>12.34</D>"));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, (byte[]) primitive("<BA>AQIDBA==</BA>"));
        assertEquals(UUID.fromString("792e5b37-4505-47ef-b7d2-8711bb7affa8"), primitive("<G>792e5b37-4505-47ef-b7d2-8711bb7affa8</G>"));
        assertEquals("http://www.microsoft.com/", primitive("<URI>http://www.microsoft.com/</URI>"));
        assertEquals("6.2.1.3", primitive("<Version>6.2.1.3</Version>"));
        assertEquals("<name attribute=\"value\">Content</name>", primitive("<XD>&lt;name attribute=\"value\"&gt;Content&lt;/name&gt;</XD>"));
        assertEquals("get-command -type cmdlet", primitive("<SBK>get-command -type cmdlet</SBK>"));
        assertSame(PsNil.INSTANCE, parse("<Nil />"));
        assertEquals("", primitive("<S />"));
    }

    @Test
    void everyPrimitiveTypeHasATestAbove() {
        assertEquals(22, PrimitiveType.values().length);
        for (PrimitiveType t : PrimitiveType.values()) {
            assertSame(t, PrimitiveType.fromElement(t.element()));
        }
    }

    @Test
    void invalidPrimitiveTextIsRejectedNamingTheType() {
        String[] bad = {"<C>65536</C>", "<B>yes</B>", "<DT>yesterday</DT>", "<TS>P1Y</TS>", "<By>256</By>", "<SB>128</SB>",
            "<U16>-1</U16>", "<I16>32768</I16>", "<U32>4294967296</U32>", "<I32>2147483648</I32>", "<I32>12abc</I32>",
            "<U64>18446744073709551616</U64>", "<I64>9223372036854775808</I64>", "<Sg>1.5f</Sg>", "<Db>0x10</Db>", "<D>1,5</D>",
            "<BA>@@@@</BA>", "<G>not-a-guid</G>", "<Version>1</Version>", "<Version>1.2.3.4.5</Version>", "<I32></I32>"};
        for (String xml : bad) {
            DecodeProblem p = reject(reader, xml);
            assertEquals(DecodeProblem.Kind.INVALID_VALUE, p.kind(), xml);
            assertTrue(p.detail().contains("is not a valid"), p.detail());
        }
    }

    @Test
    void stringsAreUnescapedNamesAndToStringToo() {
        PsObject o = assertInstanceOf(PsObject.class, parse(
                "<Obj RefId=\"0\"><TN RefId=\"0\"><T>My_x002E_Type</T></TN><ToString>a_x000A_b</ToString>"
                        + "<MS><S N=\"key_x0020_name\">actual_x005F_x000A_string_x000A_newline: _xD801__xDC37_</S></MS></Obj>"));
        assertEquals(List.of("My.Type"), o.typeNames());
        assertEquals("a\nb", o.toStringValue());
        assertEquals("actual_x000A_string\nnewline: \uD801\uDC37", PsValues.string(o.property("key name")));
    }

    @Test
    void complexObjectWithTypeNamesToStringPropsAndMs() {
        PsObject o = assertInstanceOf(PsObject.class, parse("<Obj RefId=\"RefId-0\"><TN RefId=\"RefId-0\"><T>System.Drawing.Point</T>"
                + "<T>System.ValueType</T><T>System.Object</T></TN><ToString>{X=10,Y=20}</ToString><Props><B N=\"IsEmpty\">false</B>"
                + "<I32 N=\"X\">10</I32><I32 N=\"Y\">20</I32></Props><MS><S N=\"Property1\">ext</S><MS N=\"PropertySet1\">"
                + "<S N=\"Property3\">third</S></MS></MS></Obj>"));
        assertEquals("RefId-0", o.refId());
        assertEquals("System.Drawing.Point", o.typeName());
        assertEquals(3, o.adaptedProperties().size());
        assertEquals(10, PsValues.integer(o.property("X")));
        assertEquals(false, PsValues.bool(o.property("IsEmpty")));
        assertEquals("ext", PsValues.string(o.property("Property1")));
        assertEquals("third", PsValues.string(PsValues.property(o.property("PropertySet1"), "Property3")));
        assertNull(o.property("Missing"));
        assertNull(o.content());
    }

    @Test
    void tnRefAndRefResolveToEarlierElements() {
        PsObject list = assertInstanceOf(PsObject.class, parse("<Obj><LST><Obj RefId=\"RefId-0\"><TN RefId=\"RefId-0\">"
                + "<T>System.Drawing.Point</T><T>System.Object</T></TN><ToString>{X=12,Y=34}</ToString><Props><I32 N=\"X\">12</I32></Props></Obj>"
                + "<Obj RefId=\"RefId-1\"><TNRef RefId=\"RefId-0\" /><ToString>{X=56,Y=78}</ToString></Obj>"
                + "<Ref RefId=\"RefId-0\" /></LST></Obj>"));
        List<PsValue> items = list.items();
        assertEquals(3, items.size());
        assertEquals(List.of("System.Drawing.Point", "System.Object"), ((PsObject) items.get(1)).typeNames());
        assertSame(items.get(0), items.get(2));
    }

    @Test
    void refToAnUnknownObjectOrTypeIsRejected() {
        assertTrue(reject(reader, "<Obj><LST><Ref RefId=\"7\" /></LST></Obj>").detail().contains("<Ref> to unknown RefId 7"));
        assertTrue(reject(reader, "<Obj><TNRef RefId=\"3\" /></Obj>").detail().contains("<TNRef> to unknown RefId 3"));
        assertTrue(reject(reader, "<Obj><LST><Ref /></LST></Obj>").detail().contains("without RefId"));
    }

    @Test
    void refToAnEnclosingObjectIsACycleLeftUnresolved() {
        PsObject o = (PsObject) parse("<Obj RefId=\"0\"><MS><Ref N=\"Self\" RefId=\"0\" /></MS></Obj>");
        assertEquals(new PsCycleRef("0"), o.property("Self"));
        assertEquals("{Self=<cycle RefId=0>}", PsValueRenderer.render(o, 100));
    }

    @Test
    void knownContainers() {
        PsObject stack = (PsObject) parse("<Obj RefId=\"0\"><STK><I32>3</I32><I32>2</I32></STK></Obj>");
        assertEquals(new PsCollection(PsCollection.Kind.STACK, List.of(new PsPrimitive(PrimitiveType.SIGNED_INT, 3),
                new PsPrimitive(PrimitiveType.SIGNED_INT, 2))), stack.content());
        assertEquals(PsCollection.Kind.QUEUE, ((PsCollection) ((PsObject) parse("<Obj><QUE /></Obj>")).content()).kind());
        assertEquals(PsCollection.Kind.ENUMERABLE, ((PsCollection) ((PsObject) parse("<Obj><IE><S>a</S></IE></Obj>")).content()).kind());
        PsObject table = (PsObject) parse("<Obj RefId=\"0\"><TN RefId=\"0\"><T>System.Collections.Hashtable</T></TN><DCT>"
                + "<En><S N=\"Key\">key2</S><I32 N=\"Value\">2</I32></En><En><S N=\"Key\">key1</S><Nil N=\"Value\" /></En></DCT></Obj>");
        PsDictionary d = (PsDictionary) table.content();
        assertEquals(new PsDictionary.Entry(PsPrimitive.string("key1"), PsNil.INSTANCE), d.entries().get(1));
        assertEquals("{key2=2; key1=$null}", PsValueRenderer.render(table, 100));
        assertTrue(reject(reader, "<Obj><DCT><En><S N=\"Key\">k</S></En></DCT></Obj>").detail().contains("without Value"));
        assertTrue(reject(reader, "<Obj><DCT><Foo /></DCT></Obj>").detail().contains("expected <En>"));
    }

    @Test
    void extendedPrimitiveAndEnumWrapTheirValue() {
        PsObject s = (PsObject) parse("<Obj RefId=\"RefId-0\"><S>This is a string</S><MS><S N=\"Note1\">My note</S></MS></Obj>");
        assertEquals("This is a string", PsValues.string(s));
        PsObject color = (PsObject) parse("<Obj RefId=\"0\"><TN RefId=\"0\"><T>System.ConsoleColor</T><T>System.Enum</T></TN>"
                + "<ToString>Blue</ToString><I32>9</I32></Obj>");
        assertEquals(9, PsValues.integer(color));
        assertEquals("Blue", PsValueRenderer.render(color, 100));
        assertTrue(reject(reader, "<Obj><I32>1</I32><S>x</S></Obj>").detail().contains("more than one value"));
    }

    @Test
    void secureStringIsOpaqueEverywhere() {
        PsObject o = (PsObject) parse("<Obj RefId=\"14\"><MS><S N=\"N\">Value</S><SS N=\"V\">GXD6gSYvWjfp54Vgl3jLpuNMBhNdfWFRbM1QdeUNYFU=</SS></MS></Obj>");
        PsSecureString ss = assertInstanceOf(PsSecureString.class, o.property("V"));
        assertEquals("GXD6gSYvWjfp54Vgl3jLpuNMBhNdfWFRbM1QdeUNYFU=", ss.ciphertext());
        assertEquals("<SecureString>", ss.toString());
        assertEquals("{N=Value; V=<SecureString>}", PsValueRenderer.render(o, 200));
        assertNull(PsValues.string(ss));
    }

    @Test
    void objsDocumentWithNamespaceClixmlLineAndBom() {
        String doc = "#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">\n"
                + "<Obj S=\"progress\" RefId=\"0\"><TN RefId=\"0\"><T>System.Management.Automation.PSCustomObject</T></TN><MS>"
                + "<I64 N=\"SourceId\">1</I64><PR N=\"Record\"><AV>Preparing modules for first use.</AV><AI>0</AI><Nil />"
                + "<PI>-1</PI><PC>-1</PC><T>Completed</T><SR>-1</SR><SD> </SD></PR></MS></Obj>\n"
                + "<S S=\"Error\">fake : not recognized_x000D__x000A_</S>\n</Objs>";
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = doc.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, withBom, 0, 3);
        System.arraycopy(body, 0, withBom, 3, body.length);

        ClixmlParsed parsed = assertInstanceOf(ClixmlParsed.class, reader.read(withBom));

        assertEquals(2, parsed.values().size());
        PsProgressRecord pr = assertInstanceOf(PsProgressRecord.class, PsValues.property(parsed.values().get(0), "Record"));
        assertEquals(new PsProgressRecord("Preparing modules for first use.", 0, null, -1, -1, "Completed", -1, " "), pr);
        assertEquals("fake : not recognized\r\n", PsValues.string(parsed.values().get(1)));
    }

    /** The two real {@code #< CLIXML} stderr documents of the corpus (skipped when it is absent). */
    @Test
    void realClixmlOutputDocuments() {
        List<Path> files = Corpus.files("winrm/pypsrp/clixml", "*.xml");
        assertEquals(2, files.size());
        for (Path f : files) {
            ClixmlParsed parsed = assertInstanceOf(ClixmlParsed.class, reader.read(Corpus.bytes(f)), f.toString());
            PsObject first = assertInstanceOf(PsObject.class, parsed.values().get(0));
            assertEquals("System.Management.Automation.PSCustomObject", first.typeName());
            assertEquals(first.typeNames(), ((PsObject) parsed.values().get(1)).typeNames()); // through TNRef
            assertInstanceOf(PsProgressRecord.class, first.property("Record"));
            boolean errors = f.getFileName().toString().contains("with_error");
            assertEquals(errors, parsed.values().size() > 2, f.toString());
            if (errors) {
                assertTrue(PsValues.string(parsed.values().get(2)).endsWith("\r\n"));
            }
        }
    }

    @Test
    void xmlDeclarationIsAllowed() {
        assertEquals("x", PsValues.string(parse("<?xml version=\"1.0\" encoding=\"utf-8\"?><S>x</S>")));
    }

    @Test
    void rendererBoundsLengthAndShowsLists() {
        PsObject list = (PsObject) parse("<Obj><LST><S>a</S><B>true</B><BA>AQID</BA></LST></Obj>");
        assertEquals("[a, True, <3 bytes>]", PsValueRenderer.render(list, 100));
        assertEquals("[a, T…", PsValueRenderer.render(list, 6));
        assertEquals("…", PsValueRenderer.render(PsPrimitive.string("long"), 1));
    }
}
