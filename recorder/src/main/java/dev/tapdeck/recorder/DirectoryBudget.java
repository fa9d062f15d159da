package dev.tapdeck.recorder;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * The {@code maxTotalBytes} limit of a recording directory, with rotation: the bytes of every recording in it
 * (those found at start and those written since) are counted, and the oldest finished recordings are deleted
 * to make room. An open recording is never deleted, and each keeps {@link RecordingLimits#TRAILER_RESERVE}
 * bytes for its trailer. Used only by the recorder's writer thread.
 */
final class DirectoryBudget {
    private record Finished(Path file, long size) {
    }

    private final long max;
    private final RecordingStore store;
    private final Deque<Finished> finished = new ArrayDeque<>();
    private long total;
    private long deletedFiles;

    private DirectoryBudget(long max, RecordingStore store) {
        this.max = max;
        this.store = store;
    }

    /** The budget of {@code directory}: its existing recordings count as finished, oldest first. */
    static DirectoryBudget scan(Path directory, long max, RecordingStore store) throws IOException {
        DirectoryBudget b = new DirectoryBudget(max, store);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*" + RecordingFormat.FILE_SUFFIX)) {
            ds.forEach(files::add);
        }
        List<Finished> found = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (Path f : files) {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            found.add(new Finished(f, a.size()));
            times.add(a.lastModifiedTime().toMillis());
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            order.add(i);
        }
        // oldest first; the name breaks ties so rotation is deterministic
        order.sort(Comparator.<Integer>comparingLong(times::get).thenComparing(i -> found.get(i).file().getFileName().toString()));
        for (int i : order) {
            b.finished.add(found.get(i));
            b.total += found.get(i).size();
        }
        return b;
    }

    long max() {
        return max;
    }

    long total() {
        return total;
    }

    long deletedFiles() {
        return deletedFiles;
    }

    /**
     * Makes room for {@code bytes} more while {@code openRecordings} recordings (this one included) keep their
     * trailer reserve, deleting the oldest finished recordings as needed; false when even that is not enough.
     */
    boolean claim(long bytes, int openRecordings) {
        long needed = bytes + (long) openRecordings * RecordingLimits.TRAILER_RESERVE;
        while (total + needed > max) {
            Finished oldest = finished.pollFirst();
            if (oldest == null) {
                return false;
            }
            try {
                store.delete(oldest.file());
                total -= oldest.size();
                deletedFiles++;
                System.err.println("tapdeck: maxTotalBytes " + max + ": deleted the oldest recording " + oldest.file()
                        + " (" + oldest.size() + " bytes)");
            } catch (IOException e) {
                System.err.println("tapdeck: maxTotalBytes " + max + ": cannot delete " + oldest.file() + ": " + e.getMessage());
            }
        }
        total += bytes;
        return true;
    }

    /** Bytes written without a claim (trailers use their reserve), or given back (negative) by a failed write. */
    void add(long bytes) {
        total += bytes;
    }

    /** A recording was closed: it may now be deleted, after every older one. */
    void finished(Path file, long size) {
        finished.addLast(new Finished(file, size));
    }

    /** Whether a deletion could make room now (a finished recording exists). */
    boolean anyFinished() {
        return !finished.isEmpty();
    }
}
