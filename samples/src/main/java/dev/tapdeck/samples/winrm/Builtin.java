package dev.tapdeck.samples.winrm;

/**
 * One built-in program of the emulated host. It is started once and either exits at once or keeps
 * reading the stdin the client sends, until a Send with {@code End="true"}. Nothing here ever runs a
 * host process: every program is Java code working on the in-memory {@link FileStore}.
 */
interface Builtin {
    /** Runs the program until it exits (calls {@link ProcessIo#exit}) or needs stdin. */
    void start(ProcessIo io);

    /** Stdin from a Send ([MS-WSMV] 2.2.4.40); programs that do not read stdin discard it, as a real process would. */
    default void stdin(byte[] data, boolean end, ProcessIo io) {
    }
}
