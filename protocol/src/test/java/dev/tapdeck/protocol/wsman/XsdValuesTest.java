package dev.tapdeck.protocol.wsman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

class XsdValuesTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void xsBooleanInAnyCase() {
        for (String t : List.of("true", "True", "TRUE", "1", " true ")) {
            assertEquals(Boolean.TRUE, XsdValues.parseBoolean(t), t);
        }
        for (String f : List.of("false", "False", "0")) {
            assertEquals(Boolean.FALSE, XsdValues.parseBoolean(f), f);
        }
        for (String bad : List.of("yes", "", "2", "t")) {
            assertNull(XsdValues.parseBoolean(bad), bad);
        }
        assertNull(XsdValues.parseBoolean(null));
    }

    @Test
    void integers() {
        assertEquals(2150858793L, XsdValues.parseLong("2150858793"));
        assertEquals(-1L, XsdValues.parseLong(" -1 "));
        assertNull(XsdValues.parseLong("0x80338029"));
        assertNull(XsdValues.parseLong(""));
    }

    @Test
    void tokensSplitOnAnyXmlWhitespace() {
        assertEquals(List.of("stdout", "stderr"), XsdValues.tokens(" stdout\t\r\n stderr "));
        assertEquals(List.of(), XsdValues.tokens(""));
        assertEquals(List.of("stdin"), XsdValues.tokens("stdin"));
    }

    @Test
    void base64AllowsLineBreaksAndRejectsEverythingElse() {
        assertArrayEquals(HEX.parseHex("6d796c696e650d0a"), XsdValues.decodeBase64("bXlsaW5lDQo="));
        assertArrayEquals(HEX.parseHex("6d796c696e650d0a"), XsdValues.decodeBase64("bXls\r\naW5l\n DQo="));
        assertArrayEquals(HEX.parseHex("fbff"), XsdValues.decodeBase64("+/8="));
        // not MIME-lenient about foreign characters: the MIME decoder would silently skip them
        assertNull(XsdValues.decodeBase64("bXls!aW5l"));
        assertNull(XsdValues.decodeBase64("-_8="));
        assertNull(XsdValues.decodeBase64("bXlsa"));
        assertNull(XsdValues.decodeBase64("bX=s"));
    }
}
