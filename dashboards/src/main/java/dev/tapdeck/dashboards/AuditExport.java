package dev.tapdeck.dashboards;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** Audit rows for the audit page: the filter of its search box and the CSV export (RFC 4180). */
final class AuditExport {
    static final List<String> COLUMNS = List.of("at", "sessionId", "user", "client", "upstream", "endpoint", "kind",
            "text", "inputCount", "inputBytes", "input", "outcome", "exitCode", "errors", "complete", "incompleteReason");

    private AuditExport() {
    }

    /** Rows whose who, where, what or outcome contain {@code q} (any case), and of {@code session} when given. */
    static Predicate<JsonNode> filter(String q, String session) {
        String needle = q == null ? "" : q.toLowerCase(Locale.ROOT);
        return row -> (session == null || session.equals(row.path("sessionId").asText()))
                && (needle.isEmpty() || searchable(row).contains(needle));
    }

    private static String searchable(JsonNode row) {
        return String.join("\n", row.path("user").asText(""), row.path("client").asText(""),
                row.path("upstream").asText(""), row.path("endpoint").asText(""), row.path("text").asText(""),
                row.path("outcome").path("state").asText(""), row.path("sessionId").asText(""),
                row.path("input").path("text").asText("")).toLowerCase(Locale.ROOT);
    }

    static String csv(List<? extends JsonNode> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        for (JsonNode r : rows) {
            JsonNode input = r.path("input");
            JsonNode outcome = r.path("outcome");
            List<String> errors = new java.util.ArrayList<>();
            outcome.path("errors").forEach(e -> errors.add(e.asText()));
            List<String> cells = List.of(text(r, "at"), text(r, "sessionId"), text(r, "user"), text(r, "client"),
                    text(r, "upstream"), text(r, "endpoint"), text(r, "kind"), text(r, "text"),
                    input.path("count").asText(""), input.path("bytes").asText(""), text(input, "text"),
                    text(outcome, "state"), text(outcome, "exitCode"), String.join(" | ", errors),
                    r.path("complete").asText(""), text(r, "incompleteReason"));
            for (int i = 0; i < cells.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(cell(cells.get(i)));
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    /**
     * A quoted cell. A value a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
     * apostrophe: audited commands are text chosen by whoever ran them (OWASP "CSV injection").
     */
    static String cell(String v) {
        String s = v;
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !s.matches("-?[0-9]+")) {
            s = "'" + s;
        }
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
