package dev.tapdeck.samples.winrm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One command of a shell ([MS-WSMV] 3.1.4.11): its built-in program, the output written but not yet
 * received, and whether it is done. Output waits here until a Receive takes it; the amount waiting is
 * bounded, and a program that writes past the bound is ended with an error rather than losing output
 * silently. Not thread-safe: a server confines it to one event loop.
 */
final class CommandProcess implements ProcessIo, ReceivePoll.Source {
    private final String commandId;
    private final Builtin program;
    private final ShellEnvironment env;
    private final FileStore files;
    private final long maxPendingBytes;
    private final ArrayDeque<StreamChunk> pending = new ArrayDeque<>();
    private long pendingBytes;
    private boolean done;
    private long exitCode;
    private Runnable outputListener;

    CommandProcess(String commandId, Builtin program, ShellEnvironment env, FileStore files, long maxPendingBytes) {
        this.commandId = commandId;
        this.program = program;
        this.env = env;
        this.files = files;
        this.maxPendingBytes = maxPendingBytes;
    }

    String commandId() {
        return commandId;
    }

    void start() {
        program.start(this);
    }

    /** Room for {@code size} more bytes of output, so that stdin echoed back cannot overflow the buffer. */
    boolean hasRoomFor(long size) {
        return pendingBytes + size <= maxPendingBytes;
    }

    /** Stdin from a Send; ignored once the program has exited (a real pipe would be closed). */
    void stdin(byte[] data, boolean end) {
        if (!done) {
            program.stdin(data, end, this);
        }
    }

    /** Whether a Receive can be answered now: output is waiting or the command is done. */
    boolean isReady() {
        return !pending.isEmpty() || done;
    }

    boolean isDone() {
        return done;
    }

    /** True when the command is done and every byte of output has been received. */
    boolean isDrained() {
        return done && pending.isEmpty();
    }

    long exitCode() {
        return exitCode;
    }

    /**
     * Takes waiting output in the order written, at most {@code maxBytes} raw bytes (a chunk is split if
     * needed). Output of a stream the Receive did not ask for is dropped, since no later Receive asks for it.
     */
    List<StreamChunk> take(long maxBytes, List<String> desiredStreams) {
        List<StreamChunk> out = new ArrayList<>();
        long budget = maxBytes;
        while (!pending.isEmpty() && budget > 0) {
            StreamChunk chunk = pending.poll();
            pendingBytes -= chunk.data().length;
            if (!desiredStreams.contains(chunk.stream())) {
                continue;
            }
            if (chunk.data().length > budget) {
                int cut = (int) budget;
                StreamChunk rest = new StreamChunk(chunk.stream(), Arrays.copyOfRange(chunk.data(), cut, chunk.data().length));
                pending.addFirst(rest);
                pendingBytes += rest.data().length;
                chunk = new StreamChunk(chunk.stream(), Arrays.copyOf(chunk.data(), cut));
            }
            out.add(chunk);
            budget -= chunk.data().length;
        }
        return out;
    }

    /** Called once, at the next output or exit: a waiting Receive answers then. Replaces any earlier listener. */
    @Override
    public void onOutput(Runnable listener) {
        this.outputListener = listener;
    }

    /** Forgets {@code listener} if it is still the one waiting (a Receive that timed out or went away). */
    @Override
    public void removeOutputListener(Runnable listener) {
        if (outputListener == listener) {
            outputListener = null;
        }
    }

    @Override
    public void stdout(byte[] data) {
        write(StreamChunk.STDOUT, data);
    }

    @Override
    public void stderr(byte[] data) {
        write(StreamChunk.STDERR, data);
    }

    @Override
    public void exit(long code) {
        if (done) {
            return;
        }
        done = true;
        exitCode = code;
        notifyOutput();
    }

    @Override
    public ShellEnvironment env() {
        return env;
    }

    @Override
    public FileStore files() {
        return files;
    }

    private void write(String stream, byte[] data) {
        if (done || data.length == 0) {
            return;
        }
        if (!hasRoomFor(data.length)) {
            // design principle 6: a clear error naming the limit, never a silent truncation
            byte[] message = env.encode("tapdeck demo host: more than " + maxPendingBytes
                    + " bytes of output are waiting to be received; the command was stopped." + Builtins.CRLF);
            pending.add(new StreamChunk(StreamChunk.STDERR, message));
            pendingBytes += message.length;
            exit(1);
            return;
        }
        pending.add(new StreamChunk(stream, data.clone()));
        pendingBytes += data.length;
        notifyOutput();
    }

    private void notifyOutput() {
        Runnable listener = outputListener;
        outputListener = null;
        if (listener != null) {
            listener.run();
        }
    }
}
