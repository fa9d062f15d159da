package dev.tapdeck.recorder;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where recordings are written: the real filesystem by default. A seam so a test can make writes fail the
 * way a full disk does ({@code IOException("No space left on device")}) without filling one.
 */
public interface RecordingStore {

    /** An open file written at its end; a failed write may have written part of its buffer. */
    interface Appender extends Closeable {
        /** Writes some of {@code src} (advancing its position) and says how many bytes went out. */
        int write(ByteBuffer src) throws IOException;

        /** Cuts the file to {@code size} bytes (needs no free space: used to drop a half-written line). */
        void truncate(long size) throws IOException;
    }

    /** Creates a new file readable and writable by its owner only; fails when it exists. */
    Appender create(Path file) throws IOException;

    /**
     * Opens a file {@link #create} made, to write at its end again: the recorder closes the files of sessions not
     * written lately (a bound on the files open at once) and reopens them with this when they are.
     */
    Appender append(Path file) throws IOException;

    void delete(Path file) throws IOException;

    /** The local filesystem, files created {@code rw-------} where POSIX permissions exist. */
    static RecordingStore files() {
        return new RecordingStore() {
            @Override
            public Appender create(Path file) throws IOException {
                FileAttribute<?>[] attrs = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                        // recordings hold traffic: readable by their owner only
                        ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                        : new FileAttribute<?>[0];
                return appender(FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND), attrs));
            }

            @Override
            public Appender append(Path file) throws IOException {
                return appender(FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
            }

            private Appender appender(FileChannel ch) {
                return new Appender() {
                    @Override
                    public int write(ByteBuffer src) throws IOException {
                        return ch.write(src);
                    }

                    @Override
                    public void truncate(long size) throws IOException {
                        ch.truncate(size);
                    }

                    @Override
                    public void close() throws IOException {
                        ch.close();
                    }
                };
            }

            @Override
            public void delete(Path file) throws IOException {
                Files.deleteIfExists(file);
            }
        };
    }

    /**
     * Whether a small file can be written in {@code directory} now: creates a hidden probe file, writes one
     * page (4 KiB, what a filesystem allocates at least) and deletes it. The error says why not.
     */
    static void probe(RecordingStore store, Path directory) throws IOException {
        Path probe = directory.resolve(".tapdeck-probe-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try (Appender a = store.create(probe)) {
            ByteBuffer page = ByteBuffer.allocate(4096);
            while (page.hasRemaining()) {
                a.write(page);
            }
        } finally {
            store.delete(probe);
        }
    }
}
