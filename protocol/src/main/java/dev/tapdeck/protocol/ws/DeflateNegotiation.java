package dev.tapdeck.protocol.ws;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** RFC 7692 7: permessage-deflate offers and the server's answer to them (notes PMD-1). */
final class DeflateNegotiation {
    static final String NAME = "permessage-deflate";
    private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    private static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    private static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

    private DeflateNegotiation() {
    }

    /** RFC 7692 7: what makes a server decline an offer (unknown, invalid or repeated parameters). */
    static List<String> offerProblems(Extension offer) {
        return parameterProblems(offer, false);
    }

    /** What makes a client fail the connection on an accepted permessage-deflate (RFC 7692 7, 7.1). */
    static List<String> responseProblems(Extension response, List<Extension> offers) {
        List<String> problems = parameterProblems(response, true);
        if (!problems.isEmpty() || offers.isEmpty()) {
            return problems;  // with no offer at all the response breaks HS-15, reported by the checker
        }
        List<String> mismatches = new ArrayList<>();
        for (Extension offer : offers) {
            String mismatch = mismatch(response, offer);
            if (mismatch == null) {
                return problems;
            }
            mismatches.add(mismatch);
        }
        problems.add("the response fits no offer: " + String.join("; ", mismatches));
        return problems;
    }

    static PerMessageDeflate agreed(Extension response) {
        return new PerMessageDeflate(has(response, SERVER_NO_CONTEXT_TAKEOVER), has(response, CLIENT_NO_CONTEXT_TAKEOVER),
                bits(response, SERVER_MAX_WINDOW_BITS), bits(response, CLIENT_MAX_WINDOW_BITS));
    }

    private static List<String> parameterProblems(Extension e, boolean response) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Extension.Param p : e.params()) {
            if (!seen.add(p.name())) {
                problems.add("parameter " + p.name() + " appears twice");
            }
            switch (p.name()) {
                case SERVER_NO_CONTEXT_TAKEOVER:
                case CLIENT_NO_CONTEXT_TAKEOVER:
                    // RFC 7692 7.1.1.1, 7.1.1.2: "This extension parameter has no value"
                    if (p.value() != null) {
                        problems.add(p.name() + " has a value");
                    }
                    break;
                case SERVER_MAX_WINDOW_BITS:
                case CLIENT_MAX_WINDOW_BITS:
                    // RFC 7692 7.1.2: a decimal 8-15 without leading zeroes; only an offered
                    // client_max_window_bits may come without a value
                    boolean valueOptional = !response && p.name().equals(CLIENT_MAX_WINDOW_BITS);
                    if (p.value() == null ? !valueOptional : !p.value().matches("8|9|1[0-5]")) {
                        problems.add(p.name() + (p.value() == null ? " has no value" : " has invalid value " + p.value()));
                    }
                    break;
                default:
                    problems.add("unknown parameter " + p.name());
            }
        }
        return problems;
    }

    /** Why the response cannot be the server's acceptance of this offer, or null when it can. */
    private static String mismatch(Extension response, Extension offer) {
        if (!offerProblems(offer).isEmpty()) {
            return "offer \"" + offer + "\" is invalid and must be declined";
        }
        // RFC 7692 7.1.2.2: client_max_window_bits only when the client offered it
        if (has(response, CLIENT_MAX_WINDOW_BITS) && !has(offer, CLIENT_MAX_WINDOW_BITS)) {
            return "client_max_window_bits was not offered in \"" + offer + "\"";
        }
        // RFC 7692 7.1.1.1: an offered server_no_context_takeover must be echoed
        if (has(offer, SERVER_NO_CONTEXT_TAKEOVER) && !has(response, SERVER_NO_CONTEXT_TAKEOVER)) {
            return "server_no_context_takeover offered in \"" + offer + "\" is missing";
        }
        // RFC 7692 7.1.2.1: an offered server_max_window_bits is answered with the same or a smaller value
        if (has(offer, SERVER_MAX_WINDOW_BITS) && (!has(response, SERVER_MAX_WINDOW_BITS)
                || bits(response, SERVER_MAX_WINDOW_BITS) > bits(offer, SERVER_MAX_WINDOW_BITS))) {
            return "server_max_window_bits must be at most " + bits(offer, SERVER_MAX_WINDOW_BITS);
        }
        return null;
    }

    private static boolean has(Extension e, String param) {
        return e.params().stream().anyMatch(p -> p.name().equals(param));
    }

    private static int bits(Extension e, String param) {
        return e.params().stream().filter(p -> p.name().equals(param) && p.value() != null && p.value().matches("\\d{1,2}"))
                .mapToInt(p -> Integer.parseInt(p.value())).findFirst().orElse(15);
    }
}
