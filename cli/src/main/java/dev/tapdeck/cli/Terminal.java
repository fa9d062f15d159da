package dev.tapdeck.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a standard stream goes to a terminal (colours on stdout, a progress bar on stderr). */
final class Terminal {
    private Terminal() {
    }

    /** stdout is a terminal. */
    static boolean stdout() {
        return isTerminal(1);
    }

    /** stderr is a terminal. */
    static boolean stderr() {
        return isTerminal(2);
    }

    /**
     * Linux tells through /proc which device a descriptor is; elsewhere the JDK's console (stdin and stdout
     * both interactive) is the best guess.
     */
    private static boolean isTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            String target = Files.readSymbolicLink(link).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
