package dev.tapdeck.samples.winrm;

/** What a running built-in command writes to, and the emulated host it runs on. */
interface ProcessIo {
    void stdout(byte[] data);

    void stderr(byte[] data);

    /** Ends the command with this exit code; later writes are ignored. */
    void exit(long code);

    ShellEnvironment env();

    FileStore files();

    default void stdoutText(String text) {
        stdout(env().encode(text));
    }

    default void stderrText(String text) {
        stderr(env().encode(text));
    }
}
