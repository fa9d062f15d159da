package dev.tapdeck.samples.winrm;

/**
 * Bytes a command wrote to one of its output streams, in the order written.
 *
 * @param stream {@code stdout} or {@code stderr}
 * @param data   the raw bytes (already in the shell's code page)
 */
record StreamChunk(String stream, byte[] data) {
    static final String STDOUT = "stdout";
    static final String STDERR = "stderr";
}
