package dev.tapdeck.protocol.ws;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.tapdeck.protocol.ws.HandshakeCheckerTest.rules;
import static dev.tapdeck.protocol.ws.Handshakes.request;
import static dev.tapdeck.protocol.ws.Handshakes.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Sec-WebSocket-Extensions syntax (RFC 6455 9.1, HS-8, HS-15) and permessage-deflate parameters (RFC 7692 7). */
class ExtensionNegotiationTest {
    private static final String EXT = "Sec-WebSocket-Extensions";

    private static HandshakeOutcome negotiate(String offer, String accept) {
        HandshakeRequest req = request(EXT, offer);
        return HandshakeChecker.check(req, accept == null ? response(req) : response(req, EXT, accept));
    }

    private static List<WsRule> problems(String offer, String accept) {
        return rules(negotiate(offer, accept).violations());
    }

    @Test
    void grammarWithQuotedValuesAndSeveralLines() {
        ExtensionHeaderParser.Parsed p = ExtensionHeaderParser.parse(List.of(
                "permessage-deflate; client_max_window_bits; server_max_window_bits=\"10\"", "x-foo ;a=b\t, x-bar"));
        assertNull(p.error());
        assertEquals(List.of(
                new Extension("permessage-deflate", List.of(new Extension.Param("client_max_window_bits", null),
                        new Extension.Param("server_max_window_bits", "10"))),
                new Extension("x-foo", List.of(new Extension.Param("a", "b"))),
                new Extension("x-bar", List.of())), p.extensions());
        for (String bad : List.of("permessage-deflate;", "a; =1", "a; b=\"c d\"", "a; b=\"unterminated", "a b", ", a", "a,,b", "")) {
            assertEquals(List.of(WsRule.EXTENSIONS_HEADER_MALFORMED), rules(HandshakeChecker.checkRequest(request(EXT, bad))), bad);
        }
    }

    @Test
    void agreedDeflateParametersReachTheDecoders() {
        HandshakeOutcome o = negotiate(
                "permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover; server_max_window_bits=9",
                "permessage-deflate; server_no_context_takeover; server_max_window_bits=9; client_no_context_takeover; client_max_window_bits=9");
        assertEquals(List.of(), o.violations());
        assertEquals(Optional.of(new PerMessageDeflate(true, true, 9, 9)), o.extensionsInUse().deflate());
        assertEquals(1, o.extensions().size());
        assertEquals(Optional.of(PerMessageDeflate.DEFAULT), negotiate("permessage-deflate", "permessage-deflate").extensionsInUse().deflate());
        assertEquals(Optional.empty(), negotiate("permessage-deflate", null).extensionsInUse().deflate(), "declined");
    }

    @Test
    void serverAcceptsOneOfSeveralOffers() {
        // Autobahn 13.7: three offers; the answer fits the second one only (no server_no_context_takeover)
        String offers = "permessage-deflate; server_no_context_takeover; server_max_window_bits=9, "
                + "permessage-deflate; client_max_window_bits, permessage-deflate";
        assertEquals(List.of(), problems(offers, "permessage-deflate; client_max_window_bits=12"));
        assertEquals(List.of(WsRule.DEFLATE_RESPONSE_INVALID), problems(offers.substring(0, offers.indexOf(',')),
                "permessage-deflate; client_max_window_bits=12"));
    }

    @Test
    void badResponseParameters() {
        String offer = "permessage-deflate; client_max_window_bits";
        for (String accept : List.of("permessage-deflate; server_max_window_bits=16", "permessage-deflate; server_max_window_bits=08",
                "permessage-deflate; server_max_window_bits", "permessage-deflate; client_max_window_bits",
                "permessage-deflate; server_no_context_takeover=1", "permessage-deflate; mystery",
                "permessage-deflate; client_no_context_takeover; client_no_context_takeover",
                "permessage-deflate, permessage-deflate")) {
            List<WsRule> found = problems(offer, accept);
            assertEquals(WsRule.DEFLATE_RESPONSE_INVALID, found.get(0), accept);
        }
        // client_max_window_bits only when offered; an offered server_no_context_takeover must be echoed,
        // and server_max_window_bits may only shrink
        assertEquals(List.of(WsRule.DEFLATE_RESPONSE_INVALID), problems("permessage-deflate", "permessage-deflate; client_max_window_bits=10"));
        assertEquals(List.of(WsRule.DEFLATE_RESPONSE_INVALID), problems("permessage-deflate; server_no_context_takeover", "permessage-deflate"));
        assertEquals(List.of(WsRule.DEFLATE_RESPONSE_INVALID),
                problems("permessage-deflate; server_max_window_bits=10", "permessage-deflate; server_max_window_bits=11"));
        assertEquals(List.of(), problems("permessage-deflate; server_max_window_bits=10", "permessage-deflate; server_max_window_bits=8"));
    }

    @Test
    void invalidOfferIsAWarningAndAcceptingItAViolation() {
        String offer = "permessage-deflate; server_max_window_bits";
        assertEquals(List.of(WsRule.DEFLATE_OFFER_INVALID), problems(offer, null));
        assertEquals(List.of(WsRule.DEFLATE_OFFER_INVALID, WsRule.DEFLATE_RESPONSE_INVALID), problems(offer, "permessage-deflate"));
    }

    @Test
    void unofferedAndUnknownExtensions() {
        HandshakeOutcome o = negotiate("permessage-deflate", "x-webkit-deflate-frame");
        assertEquals(List.of(WsRule.EXTENSION_NOT_OFFERED), rules(o.violations()));
        assertEquals(List.of("x-webkit-deflate-frame"), o.extensionsInUse().unknownExtensions());
        HandshakeOutcome unoffered = negotiate("x-foo", "permessage-deflate");
        assertEquals(List.of(WsRule.EXTENSION_NOT_OFFERED), rules(unoffered.violations()));
        assertEquals(Optional.of(PerMessageDeflate.DEFAULT), unoffered.extensionsInUse().deflate(), "still decoded");
    }

    @Test
    void extensionsSplitOverTwoResponseLinesAreMergedWithAWarning() {
        HandshakeRequest req = request(EXT, "permessage-deflate, x-foo");
        HandshakeOutcome o = HandshakeChecker.check(req, response(req, EXT, "permessage-deflate", "+" + EXT, "x-foo"));
        assertEquals(List.of(WsRule.EXTENSIONS_HEADER_REPEATED), rules(o.violations()));
        assertEquals(List.of("permessage-deflate", "x-foo"), o.extensions().stream().map(Extension::name).toList());
    }
}
