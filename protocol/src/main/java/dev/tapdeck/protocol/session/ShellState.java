package dev.tapdeck.protocol.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the tap knows of one shell instance: its kind, its commands and their CommandState, and how many
 * Sends are waiting for their SendResponse. Mutated only by {@link WsmanSessionState} under its lock.
 */
public final class ShellState {
    /** Lifecycle of a command as seen in CommandResponse, ReceiveResponse and Signal. */
    public enum CommandPhase { RUNNING, DONE, TERMINATED }

    /** One command of the shell. {@code exitCode} is null until a CommandState Done carries it. */
    public record CommandInfo(String commandId, CommandPhase phase, Long exitCode) {
    }

    private final String shellId;
    private final String resourceUri;
    private final ShellKind kind;
    private final Map<String, CommandInfo> commands = new LinkedHashMap<>();
    private int outstandingSends;

    ShellState(String shellId, String resourceUri, ShellKind kind) {
        this.shellId = shellId;
        this.resourceUri = resourceUri;
        this.kind = kind;
    }

    static String key(String id) {
        return id == null ? "" : id.trim().toUpperCase(Locale.ROOT);
    }

    public String shellId() {
        return shellId;
    }

    public String resourceUri() {
        return resourceUri;
    }

    public ShellKind kind() {
        return kind;
    }

    public int outstandingSends() {
        return outstandingSends;
    }

    public Map<String, CommandInfo> commands() {
        return Collections.unmodifiableMap(commands);
    }

    public CommandInfo command(String commandId) {
        return commands.get(key(commandId));
    }

    void putCommand(CommandInfo info) {
        commands.put(key(info.commandId()), info);
    }

    void sendForwarded() {
        outstandingSends++;
    }

    void sendAnswered() {
        if (outstandingSends > 0) {
            outstandingSends--;
        }
    }
}
