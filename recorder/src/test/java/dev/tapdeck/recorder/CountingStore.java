package dev.tapdeck.recorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** The real filesystem, counting the files open through it: now, at most at once, and how often one was reopened. */
final class CountingStore implements RecordingStore {
    private final RecordingStore files = RecordingStore.files();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger reopened = new AtomicInteger();

    int open() {
        return open.get();
    }

    int peak() {
        return peak.get();
    }

    int reopened() {
        return reopened.get();
    }

    @Override
    public Appender create(Path file) throws IOException {
        return counted(files.create(file));
    }

    @Override
    public Appender append(Path file) throws IOException {
        Appender a = counted(files.append(file));
        reopened.incrementAndGet();
        return a;
    }

    @Override
    public void delete(Path file) throws IOException {
        files.delete(file);
    }

    private Appender counted(Appender real) {
        peak.accumulateAndGet(open.incrementAndGet(), Math::max);
        return new Appender() {
            private boolean closed;

            @Override
            public int write(ByteBuffer src) throws IOException {
                return real.write(src);
            }

            @Override
            public void truncate(long size) throws IOException {
                real.truncate(size);
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    open.decrementAndGet();
                }
                real.close();
            }
        };
    }
}
