package dev.tapdeck.protocol.ws;

import java.util.Set;

/**
 * One Autobahn|Testsuite case rebuilt as a byte vector (notes §3.3.2): what the fuzzer sends, written
 * once for either direction, and what a tap must report.
 *
 * @param rules  for VIOLATION the acceptable first violation(s); for INFORMATIONAL the notices expected
 * @param chops  extra fixed chunk sizes the case prescribes (e.g. 997 for 1.1.8)
 * @param offer  the permessage-deflate negotiation of categories 12 and 13, or null
 */
record AutobahnCase(String id, Kind kind, Set<WsRule> rules, Script script, int[] chops, Offer offer) {

    /** The TSV's {@code tap_expectation}. */
    enum Kind {
        NONE, VIOLATION, INFORMATIONAL;

        static Kind of(String tapExpectation) {
            return valueOf(tapExpectation.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Writes the fuzzer's frames; {@code row} gives the corpus data of the case (hex in its description). */
    interface Script {
        void write(WireScript wire, Row row);
    }

    /** A case's corpus row, with the 6.5-6.23 payload from the UTF-8 vector file when there is one. */
    record Row(String id, String description, String tapExpectation, String utf8PayloadHex) {
    }

    /** Sec-WebSocket-Extensions of the request and of the 101 response. */
    record Offer(String request, String response) {
    }

    AutobahnCase withChops(int... sizes) {
        return new AutobahnCase(id, kind, rules, script, sizes, offer);
    }

    AutobahnCase withOffer(Offer o) {
        return new AutobahnCase(id, kind, rules, script, chops, o);
    }
}
