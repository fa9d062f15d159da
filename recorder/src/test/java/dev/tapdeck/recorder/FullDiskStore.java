package dev.tapdeck.recorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A filesystem of a fixed size over the real one: files are written for real until {@code capacity} bytes are
 * used, then a write writes what still fits and fails like a full disk does. Truncating and deleting free space.
 */
public final class FullDiskStore implements RecordingStore {
    public static final String ENOSPC = "No space left on device";

    private final RecordingStore files = RecordingStore.files();
    private final Map<Path, Long> sizes = new ConcurrentHashMap<>();
    private volatile long capacity;

    public FullDiskStore(long capacity) {
        this.capacity = capacity;
    }

    /** Grows or shrinks the disk (shrinking below what is used makes every write fail). */
    public void capacity(long bytes) {
        capacity = bytes;
    }

    public long used() {
        return sizes.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public Appender create(Path file) throws IOException {
        if (used() >= capacity) {
            throw new IOException(ENOSPC);
        }
        Appender real = files.create(file);
        sizes.put(file, 0L);
        return sized(file, real);
    }

    @Override
    public Appender append(Path file) throws IOException {
        return sized(file, files.append(file));
    }

    /** Counts what is written through {@code real} as used space; writes what still fits. */
    private Appender sized(Path file, Appender real) {
        return new Appender() {
            @Override
            public synchronized int write(ByteBuffer src) throws IOException {
                long room = capacity - used();
                if (room <= 0) {
                    throw new IOException(ENOSPC);
                }
                ByteBuffer part = src.slice();
                part.limit((int) Math.min(part.remaining(), room));
                int n = real.write(part);
                src.position(src.position() + n);
                sizes.merge(file, (long) n, Long::sum);
                return n;
            }

            @Override
            public void truncate(long size) throws IOException {
                real.truncate(size);
                sizes.put(file, size);
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
        sizes.remove(file);
    }
}
