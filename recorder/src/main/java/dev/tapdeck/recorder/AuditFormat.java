package dev.tapdeck.recorder;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapdeck.protocol.session.AuditRecord;
import dev.tapdeck.protocol.session.Requester;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The audit log format: one JSON object per command (see FORMAT.md, "Audit log"), and the one-line text
 * the console prints. The record's fields are kept as they are, with who and where flattened to the top
 * and a {@code text} field that shows the command as it would be typed (SecureStrings as
 * {@code <SecureString>}; host responses are never part of it).
 */
public final class AuditFormat {
    /** Longest {@code text} and console line. */
    private static final int MAX_TEXT = 2000;

    private AuditFormat() {
    }

    public static ObjectNode toJson(TapEvent.CommandAudited event) {
        AuditRecord r = event.record();
        Requester who = r.requester() == null ? Requester.UNKNOWN : r.requester();
        ObjectNode n = RecordingFormat.JSON.createObjectNode();
        n.put("at", Instant.ofEpochMilli(event.atEpochMillis()).toString())
                .put("sessionId", event.sessionId())
                .put("upstream", event.upstream())
                .put("client", who.client())
                .put("user", who.user())
                .put("endpoint", r.endpoint())
                .put("text", text(r));
        ObjectNode fields = RecordingFormat.JSON.valueToTree(r);
        fields.remove("requester");
        n.setAll(fields);
        return n;
    }

    /** The command as it would be typed: statements joined by {@code ; }, piped commands by {@code  | }. */
    public static String text(AuditRecord r) {
        String text;
        if (r.kind() == AuditRecord.Kind.WINRS_COMMAND) {
            text = String.join(" ", prepend(r.commandLine(), r.arguments()));
        } else if (r.kind() == AuditRecord.Kind.GET_COMMAND_METADATA && r.metadata() != null) {
            text = "Get-Command -Name " + String.join(",", r.metadata().names())
                    + (r.metadata().commandType() == null ? "" : " -CommandType " + r.metadata().commandType());
        } else {
            text = r.statements().stream().map(s -> s.commands().stream().map(AuditFormat::command)
                    .collect(Collectors.joining(" | "))).collect(Collectors.joining("; "));
        }
        return cut(text.replace("\r", "\\r").replace("\n", "\\n"));
    }

    /** One console line: who ran what where, and how it ended. */
    public static String consoleLine(TapEvent.CommandAudited event) {
        AuditRecord r = event.record();
        Requester who = r.requester() == null ? Requester.UNKNOWN : r.requester();
        StringBuilder sb = new StringBuilder("AUDIT ").append(who.user() == null ? "?" : who.user()).append('@')
                .append(who.client() == null ? "?" : who.client()).append(" -> ").append(event.upstream())
                .append(' ').append(r.endpoint()).append(" shell=").append(r.shellId());
        if (r.pipelineId() != null) {
            sb.append(" pid=").append(r.pipelineId());
        } else if (r.commandId() != null) {
            sb.append(" command=").append(r.commandId());
        }
        sb.append(": ").append(text(r));
        if (r.input().count() > 0) {
            sb.append(" [input ").append(r.input().count()).append(" item(s), ").append(r.input().bytes()).append(" B]");
        }
        if (!r.hostResponses().isEmpty()) {
            sb.append(" [").append(r.hostResponses().size()).append(" host response(s)]");
        }
        sb.append(" => ").append(r.outcome().state() == null ? "?" : r.outcome().state());
        if (r.outcome().exitCode() != null) {
            sb.append(" ExitCode ").append(r.outcome().exitCode());
        }
        if (!r.outcome().errors().isEmpty()) {
            sb.append(": ").append(cut(r.outcome().errors().get(0)));
        }
        if (!r.complete()) {
            sb.append(" (incomplete: ").append(r.incompleteReason()).append(')');
        }
        return sb.toString();
    }

    private static String command(AuditRecord.Command c) {
        StringBuilder sb = new StringBuilder(String.valueOf(c.command()));
        for (AuditRecord.Argument a : c.arguments()) {
            String v = a.value() != null && (a.value().isEmpty() || a.value().chars().anyMatch(Character::isWhitespace))
                    && !a.value().equals("<SecureString>") ? "'" + a.value().replace("'", "''") + "'" : a.value();
            if (a.positional()) {
                sb.append(' ').append(v);
            } else if ("$null".equals(a.value())) {
                sb.append(" -").append(a.name()); // a switch given by name alone
            } else {
                sb.append(" -").append(a.name()).append(' ').append(v);
            }
        }
        return sb.toString();
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> out = new java.util.ArrayList<>();
        out.add(first == null ? "" : first);
        out.addAll(rest);
        return out;
    }

    private static String cut(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "…";
    }
}
