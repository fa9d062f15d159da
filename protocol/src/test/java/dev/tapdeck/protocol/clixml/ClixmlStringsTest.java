package dev.tapdeck.protocol.clixml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ClixmlStringsTest {
    /** protocol-notes C.5, from test_psrp_multiple_commands.yml. */
    private static final String REAL = "actual_x005F_x000A_string_x000A_newline: _xD801__xDC37_";

    @Test
    void decodesTheRealExampleIncludingASurrogatePair() {
        String decoded = ClixmlStrings.decode(REAL);
        assertEquals("actual_x000A_string\nnewline: \uD801\uDC37", decoded);
        assertEquals(0x10437, decoded.codePointAt(decoded.length() - 2)); // DESERET CAPITAL LETTER LONG I
    }

    @Test
    void encodingTheDecodedRealExampleGivesItBack() {
        assertEquals(REAL, ClixmlStrings.encode(ClixmlStrings.decode(REAL)));
    }

    @Test
    void specExamplesAndLowerCaseHex() {
        assertEquals("Order\nDetails", ClixmlStrings.decode("Order_x000A_Details"));
        assertEquals("Order_x000A_Details", ClixmlStrings.encode("Order\nDetails"));
        assertEquals("Order_x0020_", ClixmlStrings.decode("Order_x005f_x0020_"));
        assertEquals("\r\n", ClixmlStrings.decode("_x000d__x000a_"));
    }

    @Test
    void nonEscapesAreLeftAsWritten() {
        for (String s : new String[] {"Order_Details", "_x20_", "__", "_x00G0_", "_x000A", "x000A_", "_X000A_", "_x٠٠٠A_", "_", ""}) {
            assertEquals(s, ClixmlStrings.decode(s), s);
        }
        String plain = "no escapes here";
        assertSame(plain, ClixmlStrings.decode(plain));
        assertSame(plain, ClixmlStrings.encode(plain));
    }

    @Test
    void adjacentAndOverlappingCandidates() {
        assertEquals("a_\tb", ClixmlStrings.decode("a__x0009_b"));
        assertEquals("\t_x", ClixmlStrings.decode("_x0009__x"));
        assertEquals("\u0000", ClixmlStrings.decode("_x0000_"));
    }

    @Test
    void encodeEscapesControlCharactersAndLoneSurrogates() {
        assertEquals("_x0009_tab_x007F__xD800_", ClixmlStrings.encode("\ttab\u007F\uD800"));
        assertEquals("\ttab\u007F\uD800", ClixmlStrings.decode("_x0009_tab_x007F__xD800_"));
    }
}
