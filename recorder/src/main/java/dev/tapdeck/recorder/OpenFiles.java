package dev.tapdeck.recorder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The recording files held open, at most {@code RecordingLimits.maxOpenFiles} of them (10,000 idle recorded
 * sessions once needed 10,000 descriptors besides their 20,000 sockets, and the proxy ran out). Opening one more
 * closes the one written least recently; it is opened again, appending, when it is next written. An appender
 * buffers nothing (its writes go straight to the operating system), so closing one loses no byte: a recording's
 * unwritten lines wait in the recording's own buffer. Used only by the recorder's writer thread.
 */
final class OpenFiles {
    private final RecordingStore store;
    private final int max;
    /** In access order: the first entry is the file written least recently. */
    private final LinkedHashMap<Path, RecordingStore.Appender> open = new LinkedHashMap<>(16, 0.75f, true);

    OpenFiles(RecordingStore store, int max) {
        this.store = store;
        this.max = max;
    }

    /** Creates {@code file} (it must not exist) and holds it open. */
    void create(Path file) throws IOException {
        makeRoom();
        open.put(file, store.create(file));
    }

    /** The open appender of {@code file}, opening it again (appending) when it was closed to make room. */
    RecordingStore.Appender get(Path file) throws IOException {
        RecordingStore.Appender a = open.get(file); // marks it the most recently written
        if (a == null) {
            makeRoom();
            a = store.append(file);
            open.put(file, a);
        }
        return a;
    }

    /** Closes {@code file} if open; it is not opened again through this. */
    void close(Path file) {
        close(open.remove(file));
    }

    /** Closes every file. */
    void closeAll() {
        open.values().forEach(OpenFiles::close);
        open.clear();
    }

    private void makeRoom() {
        Iterator<Map.Entry<Path, RecordingStore.Appender>> oldest = open.entrySet().iterator();
        while (open.size() >= max && oldest.hasNext()) {
            close(oldest.next().getValue());
            oldest.remove();
        }
    }

    private static void close(RecordingStore.Appender a) {
        if (a == null) {
            return;
        }
        try {
            a.close();
        } catch (IOException ignored) {
            // the bytes went out (or their loss was counted) when they were written
        }
    }
}
