package dev.tapdeck.recorder.redact;

import dev.tapdeck.protocol.wsman.WsmanNamespaces;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, namespace-aware subset of XPath that names elements of a WS-Man envelope to redact
 * ({@code --redact-xpath}); not an XPath engine. Grammar:
 * <pre>
 * path      = step+                      e.g. //rsp:Stream[@Name='stdin']
 * step      = ("/" | "//") name predicate?     "/" a child, "//" a descendant at any depth
 * name      = prefix ":" local | "{" uri "}" local | "*"
 * predicate = "[@" attr "='" value "']"  (or double quotes) an unprefixed attribute equal to value
 * </pre>
 * Prefixes are fixed, not taken from the document (documents choose their own): {@code s} SOAP 1.2,
 * {@code wsa} WS-Addressing, {@code wsman} DMTF WS-Man, {@code p} Microsoft WS-Man, {@code rsp} Windows shell,
 * {@code pwsh} PowerShell ({@code creationXml}), {@code f} WS-Man fault. A path is matched against the element
 * stack as the document streams by, so matching needs no tree.
 */
public final class XmlPath {
    static final Map<String, String> PREFIXES = Map.of(
            "s", WsmanNamespaces.SOAP, "wsa", WsmanNamespaces.ADDRESSING, "wsman", WsmanNamespaces.WSMAN,
            "p", WsmanNamespaces.WSMV, "rsp", WsmanNamespaces.SHELL, "pwsh", WsmanNamespaces.POWERSHELL,
            "f", WsmanNamespaces.WSMAN_FAULT);
    private static final Pattern STEP = Pattern.compile(
            "(//|/)(\\*|\\{[^}]*}[A-Za-z_][\\w.-]*|[A-Za-z_][\\w.-]*:[A-Za-z_][\\w.-]*)"
                    + "(?:\\[@([A-Za-z_][\\w.-]*)=(?:'([^']*)'|\"([^\"]*)\")])?");

    /** One step: how it relates to the previous one, the element name (null namespace and local: any) and the predicate. */
    record Step(boolean descendant, String namespace, String localName, String attribute, String value) {
        boolean matches(Element e) {
            if (localName != null && !(localName.equals(e.localName()) && namespace.equals(e.namespace()))) {
                return false;
            }
            return attribute == null || value.equals(e.attributes().get(attribute));
        }
    }

    /** An open element as the matcher sees it. */
    public record Element(String namespace, String localName, Map<String, String> attributes) {
    }

    private final String text;
    private final List<Step> steps;

    private XmlPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = List.copyOf(steps);
    }

    /** Parses a path; the error names the path and what is wrong with it. */
    public static XmlPath parse(String path) {
        String p = path == null ? "" : path.trim();
        List<Step> steps = new ArrayList<>();
        Matcher m = STEP.matcher(p);
        int at = 0;
        while (at < p.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("XPath '" + path + "': unsupported syntax at character " + at
                        + " (supported: /prefix:name, //prefix:name, {uri}name, *, [@attr='value']; prefixes "
                        + String.join(", ", new java.util.TreeSet<>(PREFIXES.keySet())) + ")");
            }
            steps.add(step(path, m));
            at = m.end();
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("XPath '" + path + "' is empty");
        }
        return new XmlPath(p, steps);
    }

    private static Step step(String path, Matcher m) {
        boolean descendant = m.group(1).equals("//");
        String name = m.group(2);
        String namespace = null;
        String local = null;
        if (name.startsWith("{")) {
            namespace = name.substring(1, name.indexOf('}'));
            local = name.substring(name.indexOf('}') + 1);
        } else if (!name.equals("*")) {
            String prefix = name.substring(0, name.indexOf(':'));
            namespace = PREFIXES.get(prefix);
            if (namespace == null) {
                throw new IllegalArgumentException("XPath '" + path + "': unknown prefix '" + prefix + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(PREFIXES.keySet())) + "; or write {uri}name)");
            }
            local = name.substring(name.indexOf(':') + 1);
        }
        String value = m.group(4) != null ? m.group(4) : m.group(5);
        return new Step(descendant, namespace, local, m.group(3), value);
    }

    /** True when the innermost element of {@code stack} (root first) is selected by this path. */
    public boolean matches(List<Element> stack) {
        return matches(stack, stack.size() - 1, steps.size() - 1);
    }

    private boolean matches(List<Element> stack, int element, int step) {
        if (element < 0 || !steps.get(step).matches(stack.get(element))) {
            return false;
        }
        if (step == 0) {
            // a leading "/" anchors at the root; a leading "//" matches at any depth
            return steps.get(0).descendant() || element == 0;
        }
        if (!steps.get(step).descendant()) {
            return matches(stack, element - 1, step - 1);
        }
        for (int parent = element - 1; parent >= 0; parent--) {
            if (matches(stack, parent, step - 1)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
