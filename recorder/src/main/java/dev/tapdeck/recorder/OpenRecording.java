package dev.tapdeck.recorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One recording being written, used only by the recorder's writer thread. Lines wait in a buffer until the
 * next flush; the file only ever ends on a whole line: when a write fails part-way (a full disk), the file is
 * cut back to the last line that was written whole, so a reader sees every complete event and no torn one.
 */
final class OpenRecording {
    /** Buffered bytes that trigger a flush before the flush interval is up. */
    static final int BUFFER_FLUSH_BYTES = 64 * 1024;

    final String sessionId;
    final Path file;
    /** Where the file is held open (or opened again) when lines are written. */
    private final OpenFiles files;
    private byte[] buffer = new byte[8192];
    private int buffered;
    private final List<Integer> lineEnds = new ArrayList<>();
    private long written;
    private long dropped;
    private final Set<String> incompleteReasons = new LinkedHashSet<>();
    private boolean stopped;

    OpenRecording(String sessionId, Path file, OpenFiles files) {
        this.sessionId = sessionId;
        this.file = file;
        this.files = files;
    }

    /** Bytes of the file once buffered lines are written. */
    long size() {
        return written + buffered;
    }

    /** Whether events are no longer written (a limit or a write failure); the trailer still is. */
    boolean stopped() {
        return stopped;
    }

    /** From now on events are counted, not written; {@code reason} goes into the trailer. */
    void stop(String reason) {
        stopped = true;
        incompleteReasons.add(reason);
    }

    /** Events that did not reach the file for a reason already noted (or {@code reason}, when not null). */
    void dropped(long events, String reason) {
        dropped += events;
        if (reason != null) {
            incompleteReasons.add(reason);
        }
    }

    long droppedEvents() {
        return dropped;
    }

    /** Why the recording is incomplete, null when it is not. */
    String incompleteReason() {
        if (incompleteReasons.isEmpty()) {
            return null;
        }
        String all = String.join("; ", incompleteReasons);
        return all.length() <= 1000 ? all : all.substring(0, 1000) + "…"; // the trailer must fit its reserve
    }

    /** Buffers one line (with its newline); flushes when the buffer is large. */
    void append(byte[] line) throws IOException {
        if (buffered + line.length > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, buffered + line.length));
        }
        System.arraycopy(line, 0, buffer, buffered, line.length);
        buffered += line.length;
        lineEnds.add(buffered);
        if (buffered >= BUFFER_FLUSH_BYTES) {
            flush();
        }
    }

    boolean dirty() {
        return buffered > 0;
    }

    /**
     * Hands the buffered lines to the operating system. On failure the lines not written whole are dropped
     * (counted) and the file is cut back to its last whole line; the error is rethrown.
     */
    void flush() throws IOException {
        if (buffered == 0) {
            return; // nothing to write: an idle recording's file is not opened again
        }
        ByteBuffer src = ByteBuffer.wrap(buffer, 0, buffered);
        RecordingStore.Appender out = null;
        try {
            out = files.get(file); // fails like a write when the file cannot be opened again: no line written
            while (src.hasRemaining()) {
                out.write(src);
            }
            written += buffered;
        } catch (IOException e) {
            int done = src.position();
            int kept = 0;
            int keptLines = 0;
            for (int end : lineEnds) {
                if (end <= done) {
                    kept = end;
                    keptLines++;
                }
            }
            dropped += lineEnds.size() - keptLines;
            written += kept;
            if (done > kept && out != null) {
                try {
                    out.truncate(written); // a half-written line would look like a torn tail; cut it off
                } catch (IOException ignored) {
                    // the reader reports the torn line instead
                }
            }
            throw e;
        } finally {
            buffered = 0;
            lineEnds.clear();
        }
    }

    void close() {
        files.close(file);
    }
}
