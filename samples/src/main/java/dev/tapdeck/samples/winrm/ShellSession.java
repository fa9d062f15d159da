package dev.tapdeck.samples.winrm;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One WinRS shell ([MS-WSMV] 3.1.4.5): who created it, from where, its environment and its commands.
 * Not thread-safe: a server confines it to one event loop.
 */
final class ShellSession {
    private final ResponseEnvelopes.ShellDescription description;
    private final ShellEnvironment env;
    private final List<String> outputStreams;
    private final Map<String, CommandProcess> commands = new LinkedHashMap<>();
    private long lastUsedNanos;

    ShellSession(ResponseEnvelopes.ShellDescription description, ShellEnvironment env, List<String> outputStreams,
                 long nowNanos) {
        this.description = description;
        this.env = env;
        this.outputStreams = List.copyOf(outputStreams);
        this.lastUsedNanos = nowNanos;
    }

    String shellId() {
        return description.shellId();
    }

    ResponseEnvelopes.ShellDescription description() {
        return description;
    }

    ShellEnvironment env() {
        return env;
    }

    /** The streams a Receive gets when its DesiredStream is empty. */
    List<String> outputStreams() {
        return outputStreams;
    }

    CommandProcess command(String commandId) {
        return commandId == null ? null : commands.get(commandId.trim().toUpperCase(Locale.ROOT));
    }

    int commandCount() {
        return commands.size();
    }

    void add(CommandProcess process) {
        commands.put(process.commandId().toUpperCase(Locale.ROOT), process);
    }

    CommandProcess remove(String commandId) {
        return commandId == null ? null : commands.remove(commandId.trim().toUpperCase(Locale.ROOT));
    }

    Collection<CommandProcess> commands() {
        return commands.values();
    }

    void touch(long nowNanos) {
        lastUsedNanos = nowNanos;
    }

    long lastUsedNanos() {
        return lastUsedNanos;
    }
}
