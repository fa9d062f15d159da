package dev.tapdeck.samples.winrm;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The emulated host's disk: whole files in memory, keyed by full Windows path, compared without regard to
 * case like NTFS. Directories are implicit (a path is a directory when a file lives under it). Bounded in
 * number of files, size of one file and total size: a write over a limit fails the way a full disk does,
 * and leaves the store unchanged. Safe to read from any thread.
 */
public final class FileStore {
    private final int maxFiles;
    private final long maxFileBytes;
    private final long maxTotalBytes;
    private final TreeMap<String, byte[]> files = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private long totalBytes;

    FileStore(int maxFiles, long maxFileBytes, long maxTotalBytes) {
        this.maxFiles = maxFiles;
        this.maxFileBytes = maxFileBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    /** The bytes of the file at {@code path} (any case, slashes either way; relative to {@code C:\}). */
    public synchronized Optional<byte[]> read(String path) {
        byte[] data = files.get(WindowsPaths.fullPath(path, "C:\\"));
        return data == null ? Optional.empty() : Optional.of(data.clone());
    }

    /** A copy of every file, by full path as first written, in path order. */
    public synchronized Map<String, byte[]> snapshot() {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        files.forEach((path, data) -> copy.put(path, data.clone()));
        return Collections.unmodifiableMap(copy);
    }

    synchronized boolean exists(String fullPath) {
        return files.containsKey(fullPath);
    }

    synchronized boolean isDirectory(String fullPath) {
        String prefix = fullPath.endsWith("\\") ? fullPath : fullPath + "\\";
        String next = files.ceilingKey(prefix);
        return next != null && next.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** Replaces the file; false when a limit would be crossed ("There is not enough space on the disk."). */
    synchronized boolean write(String fullPath, byte[] data) {
        return put(fullPath, data.clone());
    }

    /** Appends to the file, creating it; false when a limit would be crossed. */
    synchronized boolean append(String fullPath, byte[] data) {
        byte[] old = files.get(fullPath);
        if (old == null) {
            return put(fullPath, data.clone());
        }
        if ((long) old.length + data.length > maxFileBytes) {
            return false;
        }
        byte[] joined = Arrays.copyOf(old, old.length + data.length);
        System.arraycopy(data, 0, joined, old.length, data.length);
        return put(fullPath, joined);
    }

    synchronized boolean delete(String fullPath) {
        byte[] old = files.remove(fullPath);
        if (old != null) {
            totalBytes -= old.length;
        }
        return old != null;
    }

    private boolean put(String fullPath, byte[] data) {
        byte[] old = files.get(fullPath);
        long oldLength = old == null ? 0 : old.length;
        if (data.length > maxFileBytes || totalBytes - oldLength + data.length > maxTotalBytes
                || old == null && files.size() >= maxFiles) {
            return false;
        }
        // keep the key as first written: a later write in another case must not rename the file
        files.put(fullPath, data);
        totalBytes += data.length - oldLength;
        return true;
    }
}
