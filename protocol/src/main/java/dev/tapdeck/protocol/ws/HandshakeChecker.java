package dev.tapdeck.protocol.ws;

import dev.tapdeck.protocol.rules.Violation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an opening handshake (RFC 6455 4, 9.1, 11.3; RFC 7692 7; notes HS-1 to HS-16, PMD-1) and works
 * out what it negotiated. A response other than 101 means the connection is not a WebSocket: that is
 * not a violation, only the request's own faults and HS-16 are reported then.
 */
public final class HandshakeChecker {
    /** RFC 6455 1.3: the GUID appended to Sec-WebSocket-Key before hashing. */
    public static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private static final String KEY = "Sec-WebSocket-Key";
    private static final String VERSION = "Sec-WebSocket-Version";
    private static final String PROTOCOL = "Sec-WebSocket-Protocol";
    private static final String EXTENSIONS = "Sec-WebSocket-Extensions";
    private static final String ACCEPT = "Sec-WebSocket-Accept";
    private static final String REQUEST = "upgrade request";
    private static final String RESPONSE = "upgrade response";
    private static final Pattern HTTP_VERSION = Pattern.compile("HTTP/(\\d{1,3})(?:\\.(\\d{1,3}))?");
    // RFC 6455 4.2.1: the request items a server must check before it may answer 101 (HS-1 to HS-6)
    private static final Set<WsRule> SERVER_CHECKS = EnumSet.of(WsRule.REQUEST_NOT_GET_HTTP11, WsRule.HOST_MISSING,
            WsRule.REQUEST_UPGRADE_NOT_WEBSOCKET, WsRule.REQUEST_CONNECTION_NOT_UPGRADE, WsRule.KEY_INVALID,
            WsRule.VERSION_NOT_13);

    private HandshakeChecker() {
    }

    /** RFC 6455 4.2.2 (5.4): base64(SHA-1(key + GUID)), the key taken without surrounding whitespace. */
    public static String acceptFor(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key.trim() + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-1", e);
        }
    }

    /** HS-9: the client sent {@code bytes} after its request before the response arrived. */
    public static Violation dataBeforeResponse(long bytes) {
        return new Violation(WsRule.DATA_BEFORE_HANDSHAKE_RESPONSE, REQUEST, bytes + " bytes sent before the response");
    }

    /** The request's own faults, decidable before it is forwarded. */
    public static List<Violation> checkRequest(HandshakeRequest request) {
        List<Violation> found = new ArrayList<>();
        HeaderFields h = request.headers();
        // RFC 6455 4.1 (client requirement 2): "The method of the request MUST be GET, and the HTTP version MUST be at least 1.1"
        if (!request.method().equals("GET") || !atLeastHttp11(request.httpVersion())) {
            found.add(new Violation(WsRule.REQUEST_NOT_GET_HTTP11, REQUEST, request.method() + " " + request.httpVersion()));
        }
        // RFC 6455 4.1 (4): "The request MUST contain a |Host| header field"
        if (h.all("Host").stream().allMatch(String::isBlank)) {
            found.add(new Violation(WsRule.HOST_MISSING, REQUEST, "no Host header"));
        }
        // RFC 6455 4.1 (5), (6)
        if (!h.listContains("Upgrade", "websocket")) {
            found.add(new Violation(WsRule.REQUEST_UPGRADE_NOT_WEBSOCKET, REQUEST, "Upgrade: " + h.all("Upgrade")));
        }
        if (!h.listContains("Connection", "Upgrade")) {
            found.add(new Violation(WsRule.REQUEST_CONNECTION_NOT_UPGRADE, REQUEST, "Connection: " + h.all("Connection")));
        }
        // RFC 6455 4.1 (7), 11.3.1: one key, "a randomly selected 16-byte value that has been base64-encoded"
        List<String> keys = h.all(KEY);
        if (keys.size() != 1) {
            found.add(new Violation(WsRule.KEY_INVALID, REQUEST, KEY + " appears " + keys.size() + " times"));
        } else if (decodedLength(keys.get(0)) != 16) {
            found.add(new Violation(WsRule.KEY_INVALID, REQUEST, KEY + " \"" + keys.get(0) + "\" is not base64 of 16 bytes"));
        }
        // RFC 6455 4.1 (9), 11.3.5: version 13, once in the request
        List<String> versions = h.all(VERSION);
        if (versions.size() != 1 || !versions.get(0).trim().equals("13")) {
            found.add(new Violation(WsRule.VERSION_NOT_13, REQUEST, VERSION + ": " + versions));
        }
        // RFC 6455 4.1 (10): "1#token", each unique
        List<String> offered = h.listElements(PROTOCOL);
        Set<String> distinct = new HashSet<>();
        for (String p : offered) {
            if (!ExtensionHeaderParser.isToken(p) || !distinct.add(p)) {
                found.add(new Violation(WsRule.SUBPROTOCOL_OFFER_INVALID, REQUEST, PROTOCOL + " element \"" + p + "\""
                        + (ExtensionHeaderParser.isToken(p) ? " offered twice" : " is not a token")));
            }
        }
        ExtensionHeaderParser.Parsed offers = ExtensionHeaderParser.parse(h.all(EXTENSIONS));
        if (!offers.ok()) {
            found.add(new Violation(WsRule.EXTENSIONS_HEADER_MALFORMED, REQUEST, offers.error()));
        }
        for (Extension offer : offers.extensions()) {
            if (isDeflate(offer)) {
                DeflateNegotiation.offerProblems(offer).forEach(problem ->
                        found.add(new Violation(WsRule.DEFLATE_OFFER_INVALID, REQUEST, "\"" + offer + "\": " + problem)));
            }
        }
        return found;
    }

    /** Checks request and response and returns what was negotiated. */
    public static HandshakeOutcome check(HandshakeRequest request, HandshakeResponse response) {
        List<Violation> found = checkRequest(request);
        HeaderFields h = response.headers();
        if (response.status() != HandshakeResponse.SWITCHING_PROTOCOLS) {
            checkRefusal(request, response, found);
            return new HandshakeOutcome(false, Optional.empty(), List.of(), ExtensionsInUse.NONE, found);
        }
        // RFC 6455 4.2.1: an invalid request gets an error status such as 400, not 101
        found.stream().filter(v -> SERVER_CHECKS.contains((WsRule) v.rule())).findFirst().ifPresent(v ->
                found.add(new Violation(WsRule.INVALID_HANDSHAKE_ACCEPTED, RESPONSE, "101 despite " + v.rule().id())));
        // RFC 6455 4.1 (response 2), (3)
        if (!h.listContains("Upgrade", "websocket")) {
            found.add(new Violation(WsRule.RESPONSE_UPGRADE_NOT_WEBSOCKET, RESPONSE, "Upgrade: " + h.all("Upgrade")));
        }
        if (!h.listContains("Connection", "Upgrade")) {
            found.add(new Violation(WsRule.RESPONSE_CONNECTION_NOT_UPGRADE, RESPONSE, "Connection: " + h.all("Connection")));
        }
        checkAccept(request.headers().all(KEY), h.all(ACCEPT), found);
        Optional<String> subprotocol = checkSubprotocol(request.headers().listElements(PROTOCOL), h.all(PROTOCOL), found);
        List<Extension> inUse = new ArrayList<>();
        ExtensionsInUse forDecoders = checkExtensions(request.headers(), h.all(EXTENSIONS), inUse, found);
        return new HandshakeOutcome(true, subprotocol, inUse, forDecoders, found);
    }

    private static void checkRefusal(HandshakeRequest request, HandshakeResponse response, List<Violation> found) {
        List<String> versions = request.headers().all(VERSION);
        boolean unsupportedVersion = versions.size() != 1 || !versions.get(0).trim().equals("13");
        boolean refusal = response.status() == 426 || (unsupportedVersion && response.status() / 100 == 4);
        // RFC 6455 4.4: a server refusing the version sends "a |Sec-WebSocket-Version| header field
        // indicating the version(s) the server is capable of understanding"
        if (refusal && !response.headers().has(VERSION)) {
            found.add(new Violation(WsRule.VERSION_REFUSAL_WITHOUT_VERSIONS, RESPONSE,
                    "status " + response.status() + " without " + VERSION));
        }
    }

    private static void checkAccept(List<String> keys, List<String> accepts, List<Violation> found) {
        // RFC 6455 4.1 (response 4), 11.3.3: exactly one Sec-WebSocket-Accept, derived from the key
        if (accepts.size() != 1) {
            found.add(new Violation(WsRule.ACCEPT_MISMATCH, RESPONSE, ACCEPT + " appears " + accepts.size() + " times"));
        } else if (keys.size() == 1 && !accepts.get(0).trim().equals(acceptFor(keys.get(0)))) {
            found.add(new Violation(WsRule.ACCEPT_MISMATCH, RESPONSE, ACCEPT + " \"" + accepts.get(0).trim()
                    + "\" is not \"" + acceptFor(keys.get(0)) + "\""));
        }
    }

    private static Optional<String> checkSubprotocol(List<String> offered, List<String> chosen, List<Violation> found) {
        // RFC 6455 4.1 (response 6), 11.3.4: at most once, one of the offered values
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        String value = chosen.get(0).trim();
        if (chosen.size() > 1) {
            found.add(new Violation(WsRule.SUBPROTOCOL_NOT_OFFERED, RESPONSE, PROTOCOL + " appears " + chosen.size() + " times"));
        } else if (!offered.contains(value)) {
            found.add(new Violation(WsRule.SUBPROTOCOL_NOT_OFFERED, RESPONSE, "\"" + value + "\" "
                    + (offered.isEmpty() ? "but the client offered none" : "is not among " + offered)));
        }
        return Optional.of(value);
    }

    private static ExtensionsInUse checkExtensions(HeaderFields request, List<String> lines, List<Extension> inUse,
                                                   List<Violation> found) {
        if (lines.size() > 1) {
            // RFC 6455 11.3.2 says once, 4.2.2 (5.6) allows several: warn and merge (notes §1.1)
            found.add(new Violation(WsRule.EXTENSIONS_HEADER_REPEATED, RESPONSE, EXTENSIONS + " appears " + lines.size() + " times"));
        }
        ExtensionHeaderParser.Parsed accepted = ExtensionHeaderParser.parse(lines);
        if (!accepted.ok()) {
            found.add(new Violation(WsRule.EXTENSIONS_HEADER_MALFORMED, RESPONSE, accepted.error()));
        }
        List<Extension> offers = ExtensionHeaderParser.parse(request.all(EXTENSIONS)).extensions();
        List<Extension> deflateOffers = offers.stream().filter(HandshakeChecker::isDeflate).toList();
        PerMessageDeflate deflate = null;
        List<String> unknown = new ArrayList<>();
        for (Extension e : accepted.extensions()) {
            inUse.add(e);
            // RFC 6455 9.1: the server may only accept what the client offered
            if (offers.stream().noneMatch(o -> o.name().equalsIgnoreCase(e.name()))) {
                found.add(new Violation(WsRule.EXTENSION_NOT_OFFERED, RESPONSE, "\"" + e.name() + "\" was not offered"));
            }
            if (!isDeflate(e)) {
                unknown.add(e.name());
                continue;
            }
            if (deflate != null) {
                found.add(new Violation(WsRule.DEFLATE_RESPONSE_INVALID, RESPONSE, "permessage-deflate accepted twice"));
                continue;
            }
            DeflateNegotiation.responseProblems(e, deflateOffers).forEach(problem ->
                    found.add(new Violation(WsRule.DEFLATE_RESPONSE_INVALID, RESPONSE, "\"" + e + "\": " + problem)));
            deflate = DeflateNegotiation.agreed(e);
        }
        return new ExtensionsInUse(Optional.ofNullable(deflate), unknown);
    }

    private static boolean isDeflate(Extension e) {
        return e.name().equalsIgnoreCase(DeflateNegotiation.NAME);
    }

    private static boolean atLeastHttp11(String version) {
        Matcher m = HTTP_VERSION.matcher(version.trim());
        if (!m.matches()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        return major > 1 || (major == 1 && minor >= 1);
    }

    private static int decodedLength(String base64) {
        try {
            // notes HS-5: decode leniently, RFC 6455's own example key is not canonical base64
            return Base64.getDecoder().decode(base64.trim()).length;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
