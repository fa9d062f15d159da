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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Writes the event stream as recordings: one JSON Lines file per session in a directory. Writing happens
 * on one background thread so the proxy's event loop never blocks on the disk; the queue is bounded and
 * a full queue marks the recording incomplete instead of growing without limit (design principle 6).
 * Each batch is flushed, so a crash loses at most the events still queued.
 */
public final class RecordingSink implements EventSink {
    /** Most events waiting for the disk before new ones are dropped (and the loss recorded). */
    public static final int DEFAULT_QUEUE_CAPACITY = 16_384;

    private static final Object POISON = new Object();

    private final Path directory;
    private final BlockingQueue<Object> queue;
    private final Thread writerThread;
    private final Map<String, Path> files = new HashMap<>();
    private final Map<String, BufferedWriter> open = new HashMap<>();
    private final Map<String, Long> dropped = new java.util.concurrent.ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile IOException lastError;

    public RecordingSink(Path directory) {
        this(directory, DEFAULT_QUEUE_CAPACITY);
    }

    public RecordingSink(Path directory, int queueCapacity) {
        this.directory = directory;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create recording directory " + directory, e);
        }
        this.writerThread = new Thread(this::run, "tapdeck-recorder");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    public Path directory() {
        return directory;
    }

    /** The file of a session, once its header was written. */
    public synchronized Path fileOf(String sessionId) {
        return files.get(sessionId);
    }

    /** Events waiting for the disk right now (the load benchmark samples it for the queue's high-water mark). */
    public int queued() {
        return queue.size();
    }

    /** The last write error, null when all went well. */
    public IOException lastError() {
        return lastError;
    }

    @Override
    public void accept(TapEvent event) {
        if (!queue.offer(event)) {
            dropped.merge(event.sessionId(), 1L, Long::sum);
        }
    }

    /** Waits until every event accepted so far is on disk (tests and shutdown). */
    public void flush() {
        CountDownLatch done = new CountDownLatch(1);
        try {
            queue.put(done);
            done.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            queue.put(POISON);
            stopped.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Object> batch = new ArrayList<>();
        try {
            while (true) {
                batch.clear();
                batch.add(queue.take());
                queue.drainTo(batch, 1024);
                boolean stop = false;
                List<CountDownLatch> waiters = new ArrayList<>();
                for (Object item : batch) {
                    if (item == POISON) {
                        stop = true;
                    } else if (item instanceof CountDownLatch latch) {
                        waiters.add(latch);
                    } else {
                        write((TapEvent) item);
                    }
                }
                flushAll();
                waiters.forEach(CountDownLatch::countDown);
                if (stop) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.values().forEach(w -> {
                try {
                    w.close();
                } catch (IOException ignored) {
                    // closing on shutdown: nothing more can be done
                }
            });
            stopped.countDown();
        }
    }

    private void write(TapEvent event) {
        try {
            BufferedWriter w = open.get(event.sessionId());
            if (w == null) {
                if (!(event instanceof TapEvent.SessionStarted)) {
                    return; // header lost (queue full): never write a file without its header
                }
                w = openFile(event.sessionId());
            }
            var json = RecordingFormat.toJson(event);
            Long lost = dropped.remove(event.sessionId());
            if (event instanceof TapEvent.SessionEnded && lost != null) {
                json.put("incomplete", true).put("droppedEvents", lost);
            }
            w.write(RecordingFormat.JSON.writeValueAsString(json));
            w.write('\n');
            if (event instanceof TapEvent.SessionEnded) {
                w.close();
                open.remove(event.sessionId());
            }
        } catch (IOException e) {
            lastError = e;
            System.err.println("tapdeck: recording " + event.sessionId() + " failed: " + e.getMessage());
        }
    }

    private BufferedWriter openFile(String sessionId) throws IOException {
        Path file = directory.resolve(sessionId + RecordingFormat.FILE_SUFFIX);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            // recordings hold traffic: readable by their owner only
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        open.put(sessionId, w);
        synchronized (this) {
            files.put(sessionId, file);
        }
        return w;
    }

    private void flushAll() {
        for (BufferedWriter w : open.values()) {
            try {
                w.flush();
            } catch (IOException e) {
                lastError = e;
            }
        }
    }
}
