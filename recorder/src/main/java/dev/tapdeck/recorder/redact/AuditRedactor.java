package dev.tapdeck.recorder.redact;

import dev.tapdeck.protocol.session.AuditRecord;

import java.util.List;

/**
 * Redacts an audit record: host responses lose their value whatever the tap was told ([MS-PSRP] 2.2.2.28: they
 * answer Read-Host and credential prompts), and every text field is swept for the values the user named by
 * path (WinRS stdin is repeated in {@code input.text}); when stdin was swept its SHA-256 goes too, since a hash
 * of a short secret gives it away. SecureStrings are already {@code <SecureString>} in the record.
 */
final class AuditRedactor {
    private AuditRedactor() {
    }

    static AuditRecord redact(AuditRecord a, Redactions r) {
        List<AuditRecord.HostResponse> hosts = a.hostResponses().stream().map(h -> {
            if (h.value() == null) {
                return h;
            }
            r.count(RedactionKind.HOST_RESPONSE);
            return new AuditRecord.HostResponse(h.method(), null, true, h.bytes());
        }).toList();
        List<AuditRecord.Statement> statements = a.statements().stream().map(s -> new AuditRecord.Statement(
                s.commands().stream().map(c -> new AuditRecord.Command(r.sweep(c.command()), c.isScript(),
                        c.arguments().stream().map(arg -> new AuditRecord.Argument(arg.name(), r.sweep(arg.value()))).toList()))
                        .toList())).toList();
        AuditRecord.Input in = a.input();
        String text = r.sweep(in.text());
        boolean swept = text != null && !text.equals(in.text());
        AuditRecord.Input input = new AuditRecord.Input(in.count(), in.bytes(), in.objects().stream().map(r::sweep).toList(),
                in.ended(), text, swept ? null : in.sha256());
        return new AuditRecord(a.kind(), a.shellId(), a.commandId(), a.pipelineId(), a.resourceUri(), a.endpoint(),
                a.requester(), statements, a.metadata(), r.sweep(a.commandLine()), a.arguments().stream().map(r::sweep).toList(),
                input, hosts, a.signals(), a.outcome(), a.complete(), a.incompleteReason());
    }
}
