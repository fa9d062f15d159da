package dev.tapdeck.recorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A disk slower than the traffic, over the real filesystem: every write waits {@code delayPerWrite} (a
 * congested disk), and while {@link #stall(boolean) stalled} no write returns at all (a hung NFS mount).
 * Shared with other modules' tests through the test-jar.
 */
public final class SlowStore implements RecordingStore {
    private final RecordingStore files = RecordingStore.files();
    private final long delayNanosPerWrite;
    private final AtomicLong writes = new AtomicLong();
    private volatile boolean stalled;

    public SlowStore(long delayNanosPerWrite) {
        this.delayNanosPerWrite = delayNanosPerWrite;
    }

    /** Stops every write until called with false. */
    public void stall(boolean on) {
        stalled = on;
    }

    /** Writes that returned (probes included). */
    public long writes() {
        return writes.get();
    }

    @Override
    public Appender create(Path file) throws IOException {
        return slow(files.create(file));
    }

    @Override
    public Appender append(Path file) throws IOException {
        return slow(files.append(file));
    }

    private Appender slow(Appender real) {
        return new Appender() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                LockSupport.parkNanos(delayNanosPerWrite);
                while (stalled) {
                    LockSupport.parkNanos(1_000_000);
                }
                writes.incrementAndGet();
                return real.write(src);
            }

            @Override
            public void truncate(long size) throws IOException {
                real.truncate(size);
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        };
    }

    @Override
    public void delete(Path file) throws IOException {
        files.delete(file);
    }
}
