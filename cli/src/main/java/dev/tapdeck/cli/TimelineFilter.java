package dev.tapdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which timeline items {@code tapdeck inspect} shows. Shell and command filters match the ids anywhere in
 * what was decoded (selectors, stream and CommandState CommandIds, PSRP RPIDs and PIDs, audit records), and
 * keep a WinRM exchange whole: a Command request names no CommandId yet, its response does, so a request
 * waits for its response before the pair is judged.
 */
final class TimelineFilter {
    private final String shell;
    private final String command;
    private final String rule;
    private final Set<String> types;
    private final boolean violationsOnly;
    private final Map<Integer, Redecoder.Line> waiting = new HashMap<>();

    /**
     * @param rule  a rule id or its prefix ({@code WsmanRule.}, {@code PsrpRule.SEND}); null for any
     * @param types line types ({@code http}, {@code ws-message}, …); empty for all that the console shows
     */
    TimelineFilter(String shell, String command, String rule, Set<String> types, boolean violationsOnly) {
        this.shell = upper(shell);
        this.command = upper(command);
        this.rule = rule;
        this.types = types;
        this.violationsOnly = violationsOnly;
    }

    /** Whether the items of this type were asked for by name (those the console skips are shown then). */
    boolean named(String type) {
        return types.contains(type);
    }

    /** The items to show now that {@code line} came: none, it, or a held request with its response. */
    List<Redecoder.Line> accept(Redecoder.Line line) {
        JsonNode j = line.json();
        boolean http = line.type().equals("http");
        if ((shell != null || command != null) && http) {
            int exchange = j.path("exchange").asInt();
            if (j.path("dir").asText().equals("c2s")) {
                waiting.put(exchange, line);
                return List.of();
            }
            Redecoder.Line request = waiting.remove(exchange);
            boolean pair = mentionsIds(line) || (request != null && mentionsIds(request));
            List<Redecoder.Line> out = new ArrayList<>();
            if (pair && request != null && rest(request)) {
                out.add(request);
            }
            if (pair && rest(line)) {
                out.add(line);
            }
            return out;
        }
        if ((shell != null || command != null) && !mentionsIds(line)) {
            return List.of();
        }
        return rest(line) ? List.of(line) : List.of();
    }

    /** Requests still waiting when the recording ends (no response): judged alone. */
    List<Redecoder.Line> flush() {
        List<Redecoder.Line> out = new ArrayList<>();
        waiting.values().stream().sorted(java.util.Comparator.comparingLong(l -> l.json().path("seq").asLong()))
                .filter(l -> mentionsIds(l) && rest(l)).forEach(out::add);
        waiting.clear();
        return out;
    }

    private boolean rest(Redecoder.Line line) {
        if (!types.isEmpty() && !types.contains(line.type())) {
            return false;
        }
        List<String> rules = ruleIds(line.json());
        if (violationsOnly && rules.isEmpty()) {
            return false;
        }
        return rule == null || rules.stream().anyMatch(id -> id.startsWith(rule));
    }

    /** Rule ids of every occurrence a line carries (http, handshake, WebSocket violation, enforcement). */
    static List<String> ruleIds(JsonNode j) {
        List<String> ids = new ArrayList<>();
        j.path("violations").forEach(v -> ids.add(v.path("rule").asText()));
        if (j.has("violation")) {
            ids.add(j.path("violation").path("rule").asText());
        }
        return ids;
    }

    private boolean mentionsIds(Redecoder.Line line) {
        JsonNode j = line.json();
        String where = upper((line.type().equals("audit") ? j : j.path("decoded")).toString());
        return (shell == null || where.contains(shell)) && (command == null || where.contains(command));
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }
}
