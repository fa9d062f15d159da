package dev.tapdeck.protocol.ws;

import dev.tapdeck.protocol.rules.Severity;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalogue covers the rules of websocket-notes.md the tap checks, with the severities the notes give. */
class WsRuleTest {

    @Test
    void everyCheckedRuleOfTheNotesHasAConstant() {
        List<String> wanted = new ArrayList<>(List.of("MS-1", "MS-2", "UT-1", "UT-2", "UT-4", "PP-2", "PMD-1", "PMD-2", "PMD-5"));
        for (int i = 1; i <= 9; i++) {
            wanted.add("FR-" + i);
        }
        for (int i = 1; i <= 6; i++) {
            wanted.add("CL-" + i);
        }
        for (int i = 1; i <= 16; i++) {
            wanted.add("HS-" + i);
        }
        Set<String> present = Arrays.stream(WsRule.values()).map(WsRule::notesId).collect(Collectors.toSet());
        assertTrue(present.containsAll(wanted), () -> "missing " + wanted.stream().filter(w -> !present.contains(w)).toList());
    }

    @Test
    void onlyInformationalRulesAreBelowViolation() {
        // notes: CL-4 and CL-6 informational, PP-2 a warning, a repeated response extensions header a warning,
        // an invalid offer is declined rather than failed, an unknown extension only limits what is checked
        Set<WsRule> informational = EnumSet.of(WsRule.UNDEFINED_CLOSE_CODE, WsRule.CONTROL_AFTER_CLOSE, WsRule.PONG_MISMATCH,
                WsRule.EXTENSIONS_HEADER_REPEATED, WsRule.DEFLATE_OFFER_INVALID, WsRule.EXTENSION_NOT_VERIFIABLE);
        for (WsRule r : WsRule.values()) {
            assertEquals(informational.contains(r), r.severity() != Severity.VIOLATION, r.name());
        }
        assertEquals(Severity.WARNING, WsRule.PONG_MISMATCH.severity());
        assertEquals("pong does not match an outstanding ping", WsRule.PONG_MISMATCH.description());
        assertEquals(Severity.NOTICE, WsRule.UNDEFINED_CLOSE_CODE.severity());
    }

    @Test
    void idsSectionsAndDescriptionsFollowTheCatalogueConventions() {
        for (WsRule r : WsRule.values()) {
            assertEquals("WsRule." + r.name(), r.id());
            assertTrue(r.section().matches("RFC (6455|7692) \\d+(\\.\\d+)*"), r.section());
            assertTrue(!r.description().isBlank() && !r.description().contains("\n"), r.name());
        }
        assertEquals("WsRule.UNMASKED_CLIENT_FRAME", WsRule.UNMASKED_CLIENT_FRAME.id());
        assertEquals("RFC 6455 5.1", WsRule.UNMASKED_CLIENT_FRAME.section());
    }
}
