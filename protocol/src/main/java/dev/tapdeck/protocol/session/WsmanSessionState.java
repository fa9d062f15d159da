package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.rules.WsmanRule;
import dev.tapdeck.protocol.session.ShellState.CommandInfo;
import dev.tapdeck.protocol.session.ShellState.CommandPhase;
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
import java.util.Optional;

/**
 * Shell and command state of one upstream, and the WS-Man Send rules checked against it
 * ([MS-WSMV] 3.1.4.13). Pure: it sees summarised envelopes and returns violations; no I/O, no clock.
 * Thread-safe (one lock), because connections of one route may live on different event loops.
 *
 * <p>Two phases per request so that a blocked request leaves no trace: {@link #inspectRequest} only
 * reads, {@link #requestForwarded} records the request once the policy let it through.
 */
public final class WsmanSessionState {
    /** Most shells remembered; the oldest is forgotten past it (a hostile client cannot grow the map). */
    public static final int DEFAULT_MAX_SHELLS = 10_000;
    /** Most commands remembered per shell. */
    public static final int MAX_COMMANDS_PER_SHELL = 1_000;

    private final int maxShells;
    private final Map<String, ShellState> shells = new LinkedHashMap<>();

    public WsmanSessionState(int maxShells) {
        this.maxShells = maxShells;
    }

    public WsmanSessionState() {
        this(DEFAULT_MAX_SHELLS);
    }

    public synchronized Optional<ShellState> shell(String shellId) {
        return Optional.ofNullable(shells.get(ShellState.key(shellId)));
    }

    public synchronized int shellCount() {
        return shells.size();
    }

    /** The kind of the shell a request addresses, UNKNOWN when its Create was not seen. */
    public synchronized ShellKind kindOf(WsmanEnvelope request) {
        return request.header().shellId().map(id -> shells.get(ShellState.key(id)))
                .map(ShellState::kind).orElse(ShellKind.UNKNOWN);
    }

    /** Checks a request against the state; changes nothing. */
    public synchronized List<Violation> inspectRequest(WsmanEnvelope request) {
        List<Violation> out = new ArrayList<>();
        if (request.action() == WsmanAction.Send && request.body() instanceof WsmanBody.Send send) {
            inspectSend(request, send, out);
        }
        return out;
    }

    private void inspectSend(WsmanEnvelope request, WsmanBody.Send send, List<Violation> out) {
        Optional<String> shellId = request.header().shellId();
        if (shellId.isEmpty()) {
            // [MS-WSMV] 3.1.4.13: the Send is addressed to a shell by the ShellId selector
            out.add(new Violation(WsmanRule.SHELL_SELECTOR_MISSING, "", "Send without a ShellId selector"));
            return;
        }
        String subject = "shell " + shellId.get();
        ShellState shell = shells.get(ShellState.key(shellId.get()));
        if (shell == null || shell.kind() == ShellKind.UNKNOWN) {
            // the server answers w:InvalidSelectors for a shell it does not know; we may simply have started late
            out.add(new Violation(WsmanRule.SEND_UNKNOWN_SHELL, subject, "no Create for this ShellId was seen"));
        }
        if (shell != null && shell.outstandingSends() > 0) {
            // [MS-WSMV] 3.1.4.13: one Send outstanding per shell instance until its SendResponse
            out.add(new Violation(WsmanRule.SEND_OUTSTANDING, subject,
                    shell.outstandingSends() + " Send(s) still waiting for SendResponse"));
        }
        ShellKind kind = shell == null ? ShellKind.UNKNOWN : shell.kind();
        for (ShellStream stream : send.streams()) {
            String streamSubject = stream.commandId() == null ? subject : subject + " command " + stream.commandId();
            if (kind == ShellKind.TEXT && stream.commandId() == null) {
                // [MS-WSMV] 3.1.4.13: in a text-based command shell the CommandId attribute MUST be present
                out.add(new Violation(WsmanRule.SEND_COMMANDID_MISSING, streamSubject,
                        "stream '" + stream.name() + "' has no CommandId"));
            } else if (kind == ShellKind.CUSTOM && stream.commandId() != null) {
                // [MS-WSMV] 3.1.4.13: for custom remote shells the CommandId MUST be omitted
                out.add(new Violation(WsmanRule.SEND_COMMANDID_FORBIDDEN, streamSubject,
                        "stream '" + stream.name() + "' carries CommandId in a custom shell"));
            }
            if (shell != null && shell.kind() != ShellKind.UNKNOWN && stream.commandId() != null) {
                CommandInfo command = shell.command(stream.commandId());
                if (command == null || command.phase() == CommandPhase.TERMINATED) {
                    out.add(new Violation(WsmanRule.SEND_UNKNOWN_COMMAND, streamSubject,
                            command == null ? "no CommandResponse for this CommandId was seen"
                                    : "the command was terminated by a Signal"));
                } else if (command.phase() == CommandPhase.DONE) {
                    // [MS-WSMV] 3.1.4.13: input for a completed command is discarded by the server
                    out.add(new Violation(WsmanRule.SEND_TO_COMPLETED_COMMAND, streamSubject,
                            stream.size() + " byte(s) of '" + stream.name() + "' sent after CommandState Done"
                                    + (command.exitCode() == null ? "" : " (ExitCode " + command.exitCode() + ")")));
                }
            }
        }
    }

    /** Records a request the policy let through. */
    public synchronized void requestForwarded(WsmanEnvelope request) {
        if (request.action() == WsmanAction.Send) {
            request.header().shellId().ifPresent(id -> shellOrPlaceholder(id).sendForwarded());
        }
    }

    /** Checks a response against its request and updates the state. */
    public synchronized List<Violation> responseReceived(WsmanEnvelope request, WsmanEnvelope response) {
        List<Violation> out = new ArrayList<>();
        String messageId = request.header().messageId();
        String relatesTo = response.header().relatesTo();
        if (messageId != null && relatesTo != null && !messageId.equalsIgnoreCase(relatesTo)) {
            // WS-Addressing: the reply's RelatesTo names the request's MessageID
            out.add(new Violation(WsmanRule.RELATES_TO_MISMATCH, request.action().name(),
                    "RelatesTo " + relatesTo + " but the request's MessageID is " + messageId));
        }
        WsmanBody body = response.body();
        switch (request.action()) {
            case Create -> {
                if (body instanceof WsmanBody.CreateResponse created) {
                    shellCreated(request, created);
                }
            }
            case Command -> {
                if (body instanceof WsmanBody.CommandResponse started) {
                    request.header().shellId().map(id -> shells.get(ShellState.key(id))).ifPresent(shell ->
                            putBounded(shell, new CommandInfo(started.commandId(), CommandPhase.RUNNING, null)));
                }
            }
            case Send -> {
                request.header().shellId().map(id -> shells.get(ShellState.key(id))).ifPresent(ShellState::sendAnswered);
                if (!(body instanceof WsmanBody.SendResponse) && !(body instanceof WsmanBody.Fault)) {
                    // [MS-WSMV] 3.1.4.13: a Send is answered by SendResponse or a Fault
                    out.add(new Violation(WsmanRule.SEND_UNANSWERED, subjectOf(request),
                            "answered with " + response.action().name() + " instead of SendResponse or Fault"));
                }
            }
            case Receive -> {
                if (body instanceof WsmanBody.ReceiveResponse received) {
                    commandStatesSeen(request, received);
                }
            }
            case Signal -> {
                if (body instanceof WsmanBody.SignalResponse && request.body() instanceof WsmanBody.Signal signal
                        && signal.code() != null && signal.code().trim().toLowerCase(java.util.Locale.ROOT).endsWith("/terminate")) {
                    request.header().shellId().map(id -> shells.get(ShellState.key(id))).ifPresent(shell -> {
                        CommandInfo old = shell.command(signal.commandId());
                        if (old != null) {
                            shell.putCommand(new CommandInfo(old.commandId(), CommandPhase.TERMINATED, old.exitCode()));
                        }
                    });
                }
            }
            case Delete -> {
                if (body instanceof WsmanBody.Empty || response.action() == WsmanAction.DeleteResponse) {
                    request.header().shellId().ifPresent(id -> shells.remove(ShellState.key(id)));
                }
            }
            default -> {
            }
        }
        return out;
    }

    /** The request got no WS-Man answer (upstream closed, reset, non-envelope reply, 502). */
    public synchronized List<Violation> responseMissing(WsmanEnvelope request, String why) {
        if (request.action() != WsmanAction.Send) {
            return List.of();
        }
        request.header().shellId().map(id -> shells.get(ShellState.key(id))).ifPresent(ShellState::sendAnswered);
        // [MS-WSMV] 3.1.4.13: every Send is answered by SendResponse or a Fault
        return List.of(new Violation(WsmanRule.SEND_UNANSWERED, subjectOf(request), why));
    }

    private void shellCreated(WsmanEnvelope request, WsmanBody.CreateResponse created) {
        String shellId = created.shellId();
        if (shellId == null && request.body() instanceof WsmanBody.Shell shell) {
            shellId = shell.shellId();
        }
        if (shellId == null) {
            return;
        }
        // classify by the Create's ResourceURI (protocol-notes A.4), the response's as a fallback
        String uri = request.header().resourceUri() != null ? request.header().resourceUri() : created.resourceUri();
        putShell(new ShellState(shellId, uri, ShellKind.of(uri)));
    }

    private ShellState putShell(ShellState shell) {
        if (shells.size() >= maxShells && !shells.containsKey(ShellState.key(shell.shellId()))) {
            Iterator<String> oldest = shells.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        shells.put(ShellState.key(shell.shellId()), shell);
        return shell;
    }

    private void commandStatesSeen(WsmanEnvelope request, WsmanBody.ReceiveResponse received) {
        request.header().shellId().map(id -> shells.get(ShellState.key(id))).ifPresent(shell -> {
            for (CommandState state : received.commandStates()) {
                if (state.commandId() != null && state.isDone()) {
                    putBounded(shell, new CommandInfo(state.commandId(), CommandPhase.DONE, state.exitCode()));
                }
            }
        });
    }

    private ShellState shellOrPlaceholder(String shellId) {
        ShellState known = shells.get(ShellState.key(shellId));
        return known != null ? known : putShell(new ShellState(shellId, null, ShellKind.UNKNOWN));
    }

    private static void putBounded(ShellState shell, CommandInfo info) {
        if (shell.command(info.commandId()) == null && shell.commands().size() >= MAX_COMMANDS_PER_SHELL) {
            return; // the state stays bounded; later checks on this command degrade to notices
        }
        shell.putCommand(info);
    }

    static String subjectOf(WsmanEnvelope request) {
        String shell = request.header().shellId().map(id -> "shell " + id).orElse("");
        if (request.body() instanceof WsmanBody.Send send && !send.streams().isEmpty()
                && send.streams().get(0).commandId() != null) {
            return shell + " command " + send.streams().get(0).commandId();
        }
        return shell;
    }
}
