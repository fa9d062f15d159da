package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.wsman.CommandState;
import dev.tapdeck.protocol.wsman.ShellStream;
import dev.tapdeck.protocol.wsman.WsmanAction;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit of WinRS (cmd) shells ([MS-WSMV] 3.1.4.11 to 3.1.4.14): each command line with its arguments,
 * the stdin it was sent (hashed, and shown as text when it decodes), and its ExitCode. A record is handed
 * over at CommandState Done, or marked incomplete when a Signal terminates the command first, its shell
 * is deleted, or the tap stops. Pure and thread-safe (one lock).
 */
final class TextShellAudits {
    /** A request to a text shell, as inspected. */
    record TextRequest(WsmanEnvelope envelope, Requester requester) {
    }

    private final AuditOptions options;
    private final int maxCommands;
    /** Running commands by ShellId, then CommandId (both normalised). */
    private final Map<String, Map<String, AuditDraft>> running = new LinkedHashMap<>();
    private int count;
    private final List<AuditRecord> ended = new ArrayList<>();

    TextShellAudits(AuditOptions options, int maxCommands) {
        this.options = options;
        this.maxCommands = maxCommands;
    }

    /** The request if it concerns a text shell, else null. */
    TextRequest inspectRequest(WsmanEnvelope request, ShellKind kind, Requester requester) {
        return kind == ShellKind.TEXT ? new TextRequest(request, requester) : null;
    }

    /** A forwarded Send feeds stdin; a forwarded Terminate ends a command that had not reported Done. */
    synchronized void forwarded(TextRequest t) {
        if (t == null) {
            return;
        }
        Map<String, AuditDraft> shell = running.get(ShellState.key(t.envelope().header().shellId().orElse(null)));
        if (shell == null) {
            return;
        }
        WsmanBody body = t.envelope().body();
        if (body instanceof WsmanBody.Send send) {
            for (ShellStream s : send.streams()) {
                AuditDraft d = s.commandId() == null || !"stdin".equals(s.name()) ? null : shell.get(ShellState.key(s.commandId()));
                if (d != null && s.isValid()) {
                    d.stdin(s.data(), s.end());
                }
            }
        } else if (body instanceof WsmanBody.Signal signal && signal.commandId() != null) {
            AuditDraft d = shell.get(ShellState.key(signal.commandId()));
            if (d != null) {
                d.signal(signal.code());
                if (signal.code() != null && signal.code().trim().equalsIgnoreCase(WsmanBody.Signal.TERMINATE)) {
                    end(shell, signal.commandId(), false, "terminated by a Signal before CommandState Done");
                }
            }
        }
    }

    /** The proxy refused the request (issue 8): a Command gets a record of its own, a Send marks its command. */
    synchronized List<AuditRecord> refused(TextRequest t, String reason) {
        if (t == null) {
            return List.of();
        }
        String shellId = t.envelope().header().shellId().orElse(null);
        WsmanBody body = t.envelope().body();
        if (body instanceof WsmanBody.CommandLine command && shellId != null) {
            AuditDraft d = draft(t, shellId, command);
            d.state("Refused");
            d.error(reason);
            return List.of(d.toRecord(true, null));
        }
        Map<String, AuditDraft> shell = running.get(ShellState.key(shellId));
        if (body instanceof WsmanBody.Send send && shell != null) {
            for (ShellStream s : send.streams()) {
                AuditDraft d = s.commandId() == null ? null : shell.get(ShellState.key(s.commandId()));
                if (d != null) {
                    d.error(reason);
                }
            }
        }
        return List.of();
    }

    /** Records started commands and hands over the ones that ended. */
    synchronized List<AuditRecord> responseReceived(TextRequest t, WsmanEnvelope response) {
        if (t != null) {
            WsmanEnvelope request = t.envelope();
            String shellId = request.header().shellId().orElse(null);
            WsmanBody body = response.body();
            if (request.body() instanceof WsmanBody.CommandLine command && shellId != null) {
                started(t, shellId, command, body);
            } else if (body instanceof WsmanBody.ReceiveResponse received) {
                Map<String, AuditDraft> shell = running.get(ShellState.key(shellId));
                for (CommandState cs : received.commandStates()) {
                    AuditDraft d = shell == null || !cs.isDone() ? null : shell.get(ShellState.key(cs.commandId()));
                    if (d != null) {
                        d.exitCode(cs.exitCode());
                        d.state(cs.shortState());
                        end(shell, cs.commandId(), true, null);
                    }
                }
            } else if (request.action() == WsmanAction.Delete && !response.isFault()) {
                close(shellId, "the shell was deleted before CommandState Done");
            }
        }
        List<AuditRecord> out = new ArrayList<>(ended);
        ended.clear();
        return out;
    }

    /** The tap stops: every running command is handed over, incomplete. */
    synchronized List<AuditRecord> finish(String reason) {
        new ArrayList<>(running.keySet()).forEach(k -> close(k, reason));
        List<AuditRecord> out = new ArrayList<>(ended);
        ended.clear();
        return out;
    }

    private void started(TextRequest t, String shellId, WsmanBody.CommandLine command, WsmanBody response) {
        AuditDraft d = draft(t, shellId, command);
        if (response instanceof WsmanBody.CommandResponse r && r.commandId() != null) {
            d.commandId = r.commandId();
            if (count >= maxCommands) {
                close(running.keySet().iterator().next(), "forgotten: more than " + maxCommands + " commands running");
            }
            running.computeIfAbsent(ShellState.key(shellId), k -> new LinkedHashMap<>()).put(ShellState.key(r.commandId()), d);
            count++;
        } else if (response instanceof WsmanBody.Fault f) {
            d.state("Fault"); // the command was refused, e.g. not found with WINRS_SKIP_CMD_SHELL
            d.error(f.subcode() + ": " + (f.message() != null ? f.message() : f.reason()));
            ended.add(d.toRecord(true, null));
        }
    }

    private AuditDraft draft(TextRequest t, String shellId, WsmanBody.CommandLine command) {
        AuditDraft d = new AuditDraft(options, AuditRecord.Kind.WINRS_COMMAND, shellId, t.envelope().header().resourceUri(),
                t.requester());
        d.commandLine = command.command();
        d.arguments = command.arguments();
        return d;
    }

    private void end(Map<String, AuditDraft> shell, String commandId, boolean complete, String reason) {
        AuditDraft d = shell.remove(ShellState.key(commandId));
        if (d != null) {
            count--;
            ended.add(d.toRecord(complete, reason));
        }
    }

    private void close(String shellKey, String reason) {
        Map<String, AuditDraft> shell = running.remove(ShellState.key(shellKey));
        if (shell == null) {
            return;
        }
        for (Iterator<AuditDraft> it = shell.values().iterator(); it.hasNext(); ) {
            ended.add(it.next().toRecord(false, reason));
            it.remove();
            count--;
        }
    }
}
