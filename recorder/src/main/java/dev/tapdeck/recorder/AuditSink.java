package dev.tapdeck.recorder;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit log: one JSON line per command run through the proxy ({@link TapEvent.CommandAudited}),
 * appended to one file ({@code tapdeck proxy --audit FILE}); other events are ignored. Lines are written
 * by one background thread, so the event loop never waits for the disk, and each is flushed at once (an
 * audit line must survive a crash). The queue is bounded; a full queue drops the line and counts it, and
 * the count is written as a last line when the sink closes.
 */
public final class AuditSink implements EventSink {
    public static final int DEFAULT_QUEUE_CAPACITY = 4096;

    private final Path file;
    private final BufferedWriter out;
    private final ThreadPoolExecutor writer;
    private final AtomicLong dropped = new AtomicLong();
    private volatile IOException lastError;
    private volatile String problem;
    private volatile long nextProbe;

    public AuditSink(Path file) {
        this(file, DEFAULT_QUEUE_CAPACITY);
    }

    public AuditSink(Path file, int queueCapacity) {
        this.file = file;
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            if (!Files.exists(file) && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                // the audit log names commands and arguments: readable by its owner only
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log " + file, e);
        }
        writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueCapacity), r -> {
            Thread t = new Thread(r, "tapdeck-audit");
            t.setDaemon(true);
            return t;
        }, (task, executor) -> {
            if (!(task instanceof Probe)) {
                dropped.incrementAndGet();
            }
        });
    }

    public Path file() {
        return file;
    }

    /** The last write error, null when all went well. */
    public IOException lastError() {
        return lastError;
    }

    /**
     * Why audit lines cannot be written now (the last write failed), null when they can. While it says so, a
     * probe (the buffered lines flushed, then a small file written next to the log) runs on the writer thread
     * at most every {@link RecordingLimits#DEFAULT_RETRY_INTERVAL}.
     */
    @Override
    public String unavailable() {
        String p = problem;
        if (p != null && System.nanoTime() - nextProbe >= 0) {
            nextProbe = System.nanoTime() + RecordingLimits.DEFAULT_RETRY_INTERVAL.toNanos();
            writer.execute(new Probe());
        }
        return p;
    }

    /** Lines lost because the queue was full or their write failed. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void accept(TapEvent event) {
        if (event instanceof TapEvent.CommandAudited audited) {
            String line;
            try {
                line = RecordingFormat.JSON.writeValueAsString(AuditFormat.toJson(audited));
            } catch (IOException e) {
                lastError = e;
                return;
            }
            writer.execute(() -> write(line));
        }
    }

    /** Waits until every line accepted so far is on disk (tests and shutdown). */
    public void flush() {
        try {
            writer.submit(() -> { }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        flush();
        writer.shutdown();
        try {
            writer.awaitTermination(30, TimeUnit.SECONDS);
            if (dropped.get() > 0) {
                write("{\"type\":\"audit-lines-dropped\",\"count\":" + dropped.get() + "}");
            }
            out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            lastError = e;
        }
    }

    private void write(String line) {
        try {
            out.write(line);
            out.write('\n');
            out.flush();
            problem = null;
        } catch (IOException e) {
            lastError = e;
            dropped.incrementAndGet();
            if (problem == null) {
                System.err.println("tapdeck: audit log " + file + " failed: " + e.getMessage());
            }
            problem = "cannot write the audit log " + file + ": " + e.getMessage();
        }
    }

    /** Whether the audit log can be written again. */
    private final class Probe implements Runnable {
        @Override
        public void run() {
            try {
                out.flush();
                RecordingStore.probe(RecordingStore.files(), file.toAbsolutePath().getParent());
                problem = null;
            } catch (IOException e) {
                lastError = e;
            }
        }
    }
}
