package dev.tapdeck.recorder.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What redaction removes from recordings, the console and every other sink (issue 5 part 4). When enabled,
 * the built-in kinds are always on: credentials of Authorization and WWW-Authenticate (scheme, Basic user and
 * NTLM user and domain stay visible), Basic passwords, cookies, SecureStrings and host responses; the user adds
 * headers, WS-Man element paths and WebSocket JSON paths. Disabled ({@code --no-redact}) keeps everything.
 *
 * @param enabled   redact at all
 * @param headers   extra header names (any case) whose values are replaced
 * @param xmlPaths  WS-Man elements whose content is replaced ({@link XmlPath})
 * @param jsonPaths values of WebSocket text messages that are replaced ({@link JsonPath})
 */
public record RedactionPolicy(boolean enabled, Set<String> headers, List<XmlPath> xmlPaths, List<JsonPath> jsonPaths) {
    /** The default: the built-in kinds, nothing user-named. */
    public static final RedactionPolicy DEFAULT = new RedactionPolicy(true, Set.of(), List.of(), List.of());
    /** {@code --no-redact}. */
    public static final RedactionPolicy NONE = new RedactionPolicy(false, Set.of(), List.of(), List.of());

    public RedactionPolicy {
        headers = headers.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        xmlPaths = List.copyOf(xmlPaths);
        jsonPaths = List.copyOf(jsonPaths);
    }

    /** From option strings (null lists are empty); errors name the bad path. */
    public static RedactionPolicy of(boolean enabled, List<String> headers, List<String> xmlPaths, List<String> jsonPaths) {
        return new RedactionPolicy(enabled, Set.copyOf(orEmpty(headers)),
                orEmpty(xmlPaths).stream().map(XmlPath::parse).toList(),
                orEmpty(jsonPaths).stream().map(JsonPath::parse).toList());
    }

    /**
     * The kinds in force, as the recording's header lists them: built-in kinds by name, user-named ones as
     * {@code header:NAME}, {@code xpath:PATH}, {@code json:PATH}. Empty when disabled.
     */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        if (!enabled) {
            return out;
        }
        for (RedactionKind k : List.of(RedactionKind.AUTHORIZATION, RedactionKind.BASIC_PASSWORD, RedactionKind.COOKIE,
                RedactionKind.SECURE_STRING, RedactionKind.HOST_RESPONSE)) {
            out.add(k.jsonName());
        }
        headers.stream().sorted().forEach(h -> out.add("header:" + h));
        xmlPaths.forEach(p -> out.add("xpath:" + p));
        jsonPaths.forEach(p -> out.add("json:" + p));
        return out;
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }
}
