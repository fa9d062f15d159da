package dev.tapdeck.cli;

import dev.tapdeck.protocol.rules.Policy;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Options of the commands that decode a recording again ({@code inspect}, {@code recompute}). */
final class FileCommandOptions {
    @Option(names = "--policy", paramLabel = "observe|enforce", defaultValue = "observe",
            description = "The policy the session ran under, for the 'blocking' flag of WebSocket violations "
                    + "(default: ${DEFAULT-VALUE}); verdicts are taken from the recording.")
    Policy.Mode policy = Policy.Mode.OBSERVE;

    @Option(names = "--enforce", paramLabel = "RULE", split = ",", description = "Rule ids enforced in enforce mode.")
    List<String> enforce;

    @Option(names = "--progress", description = "Always draw the progress bar on stderr (default: when stderr is a terminal).")
    boolean progress;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar and no summary on stderr.")
    boolean quiet;

    Policy policy() {
        return new Policy(policy, enforce == null ? Set.of() : Set.copyOf(enforce));
    }

    Progress.Mode progressMode() {
        return Progress.Mode.of(progress, quiet);
    }

    /** A bar over the file's size, labelled with the command. */
    Progress progress(Path file, String label) throws IOException {
        return Progress.bytes(Files.size(file), label, progressMode());
    }
}
