package dev.tapdeck.recorder;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the event stream as recordings: one JSON Lines file per session in a directory. Writing happens on
 * one background thread so the proxy's event loop never blocks on the disk. Lines are batched and handed to
 * the operating system at least every {@link RecordingLimits#flushInterval()} (so a killed process loses at
 * most that much), and a file only ever ends on a whole line.
 * <p>
 * Everything is bounded (design principle 6): the queue in bytes ({@code maxQueuedBytes}, with back-pressure:
 * past three quarters of it the sink says it is {@link #congested()}, the relays stop reading their sockets, and
 * {@link #whenDrained} resumes them once the writer took it below half; an event that would take the queue past
 * the bound is dropped and counted; a writer that drains nothing for {@code stallTimeout} is declared stalled and
 * traffic flows again without back-pressure), each recording ({@code maxRecordingBytes}) and the directory
 * ({@code maxTotalBytes}, with rotation). A recording
 * that lost events says so in its trailer: {@code "incomplete":true} with the reason naming the limit or the
 * write error. While recordings cannot be written (a full disk, a directory full of open recordings),
 * {@link #unavailable()} says why, and a probe write every {@link RecordingLimits#retryInterval()} tells when
 * they can again.
 */
public final class RecordingSink implements EventSink {
    /** What an event costs in the queue besides its payloads (object headers, strings, the decoded summary). */
    public static final int EVENT_OVERHEAD = 512;

    private static final Object POISON = new Object();

    private final Path directory;
    private final RecordingLimits limits;
    private final RecordingStore store;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    /** {@link #weight} of the events in the queue or in the writer's batch, not written yet. */
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong peakQueuedBytes = new AtomicLong();
    private final long highWater;
    private final long lowWater;
    private final ConcurrentLinkedQueue<Runnable> waiters = new ConcurrentLinkedQueue<>();
    /** Past the high-water mark and not stalled: the relays are asked to pause. */
    private volatile boolean congested;
    /** The writer drained nothing for stallTimeout: no back-pressure until it reaches the low-water mark. */
    private volatile boolean stalled;
    private long congestion;
    private volatile long stalls;
    private final AtomicLong droppedEvents = new AtomicLong();
    private final Thread writerThread;
    private final Map<String, OpenRecording> open = new HashMap<>();
    /** The files of the open recordings that are held open: at most {@code maxOpenFiles}. */
    private final OpenFiles files;
    private final Map<String, Long> dropped = new ConcurrentHashMap<>();
    private final DirectoryBudget budget;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile IOException lastError;
    private volatile String diskProblem;
    private volatile String budgetProblem;
    private volatile long notStarted;
    private long nextProbe;

    public RecordingSink(Path directory) {
        this(directory, RecordingLimits.DEFAULT);
    }

    public RecordingSink(Path directory, RecordingLimits limits) {
        this(directory, limits, RecordingStore.files());
    }

    public RecordingSink(Path directory, RecordingLimits limits, RecordingStore store) {
        this.directory = directory;
        this.limits = limits;
        this.store = store;
        this.highWater = limits.maxQueuedBytes() / 4 * 3;
        this.lowWater = limits.maxQueuedBytes() / 2;
        this.files = new OpenFiles(store, limits.maxOpenFiles());
        try {
            Files.createDirectories(directory);
            this.budget = limits.maxTotalBytes() > 0 ? DirectoryBudget.scan(directory, limits.maxTotalBytes(), store) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the recording directory " + directory, e);
        }
        this.writerThread = new Thread(this::run, "tapdeck-recorder");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    public Path directory() {
        return directory;
    }

    public RecordingLimits limits() {
        return limits;
    }

    /**
     * The file of a session, once it was created. Worked out from the session id rather than kept in a map,
     * which held one entry per session for the life of the sink (the soak saw it grow with every connection).
     */
    public Path fileOf(String sessionId) {
        Path file = directory.resolve(sessionId + RecordingFormat.FILE_SUFFIX);
        return Files.exists(file) ? file : null;
    }

    /** Events waiting for the disk right now. */
    public int queued() {
        return queue.size();
    }

    /** Bytes ({@link #weight}) of the events waiting for the disk right now. */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    /** The most bytes ever waiting at once: never above {@code maxQueuedBytes} (but for sessions' ends, see accept). */
    public long peakQueuedBytes() {
        return peakQueuedBytes.get();
    }

    /** Events dropped because the queue was full (each counted in its recording's trailer too). */
    public long droppedEvents() {
        return droppedEvents.get();
    }

    /** How often the writer was declared stalled and the relays let go without it. */
    public long stalls() {
        return stalls;
    }

    /** The last write error, null when all went well. */
    public IOException lastError() {
        return lastError;
    }

    /** Sessions whose recording could not be started (no room under maxTotalBytes, or the file not created). */
    public long recordingsNotStarted() {
        return notStarted;
    }

    /** Why new recordings cannot be written now, null when they can. */
    @Override
    public String unavailable() {
        String disk = diskProblem;
        return disk != null ? disk : budgetProblem;
    }

    /**
     * Queues the event for the writer, or drops it (counted) when it would take the queue past
     * {@code maxQueuedBytes}; a session's end is always queued, its loss would leave the recording open.
     */
    @Override
    public void accept(TapEvent event) {
        long w = weight(event);
        long now = queuedBytes.addAndGet(w);
        if (now > limits.maxQueuedBytes() && now != w && !(event instanceof TapEvent.SessionEnded)) {
            queuedBytes.addAndGet(-w);
            droppedEvents.incrementAndGet();
            dropped.merge(event.sessionId(), 1L, Long::sum);
            return;
        }
        peakQueuedBytes.accumulateAndGet(now, Math::max);
        queue.add(event);
        if (now >= highWater && !congested && !stalled) {
            congest();
        }
    }

    @Override
    public boolean congested() {
        return congested;
    }

    @Override
    public void whenDrained(Runnable resume) {
        if (!congested) {
            resume.run();
            return;
        }
        waiters.add(resume);
        if (!congested) {
            release(); // the writer drained it meanwhile and may have missed this one
        }
    }

    /** What an event holds in memory until it is written: its payloads plus {@link #EVENT_OVERHEAD}. */
    static long weight(TapEvent event) {
        long w = EVENT_OVERHEAD;
        if (event instanceof TapEvent.WsChunkRelayed c) {
            w += c.bytes().length;
        } else if (event instanceof TapEvent.HttpMessageCaptured h) {
            w += length(h.body()) + length(h.plaintext());
        } else if (event instanceof TapEvent.WsHandshakeRelayed h) {
            w += length(h.responseBody());
        }
        return w;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    /** The queue crossed its high-water mark: ask the relays to pause, and watch for a stalled writer. */
    private void congest() {
        long episode;
        synchronized (this) {
            if (congested || stalled) {
                return;
            }
            congested = true;
            episode = ++congestion;
        }
        CompletableFuture.delayedExecutor(limits.stallTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .execute(() -> stallCheck(episode));
        relieve(); // the writer may have drained the queue before it could see the flag
    }

    private void stallCheck(long episode) {
        synchronized (this) {
            if (!congested || congestion != episode) {
                return;
            }
            congested = false;
            stalled = true;
            stalls++;
        }
        System.err.println("tapdeck: the recorder's writer in " + directory + " took nothing below "
                + lowWater + " queued bytes for " + limits.stallTimeout().toMillis() + " ms (a stalled disk?): traffic "
                + "flows again, events over maxQueuedBytes " + limits.maxQueuedBytes() + " are dropped and their "
                + "recordings marked incomplete until it catches up");
        release();
    }

    /** The writer took {@code bytes} off the queue: below the low-water mark the relays may read again. */
    private void written(long bytes) {
        queuedBytes.addAndGet(-bytes);
        if (congested || stalled) {
            relieve();
        }
    }

    /** Ends congestion (or a stall) once the queue is at or below the low-water mark, and resumes the relays. */
    private void relieve() {
        boolean caughtUp;
        synchronized (this) {
            if (queuedBytes.get() > lowWater || !(congested || stalled)) {
                return;
            }
            caughtUp = stalled;
            congested = false;
            stalled = false;
        }
        if (caughtUp) {
            System.err.println("tapdeck: the recorder's writer in " + directory + " caught up; back-pressure again");
        }
        release();
    }

    /**
     * Runs the waiters registered so far, each once. One that finds the sink congested again (a relay read more
     * meanwhile) registers anew and waits for the next relief: running it again here would spin this thread,
     * the writer's, which alone can end the congestion (the proxy once stalled for stallTimeout that way).
     */
    private void release() {
        List<Runnable> ready = new ArrayList<>();
        for (Runnable r = waiters.poll(); r != null; r = waiters.poll()) {
            ready.add(r);
        }
        for (Runnable r : ready) {
            try {
                r.run();
            } catch (RuntimeException e) {
                System.err.println("tapdeck: resuming a relay after the recorder drained failed: " + e);
            }
        }
    }

    /** Waits until every event accepted so far is handed to the operating system (tests and shutdown). */
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
        long flushDue = 0;
        boolean dirty = false;
        try {
            while (true) {
                Object first;
                if (dirty) {
                    first = queue.poll(Math.max(0, flushDue - System.nanoTime()), TimeUnit.NANOSECONDS);
                } else if (diskProblem != null) {
                    first = queue.poll(limits.retryInterval().toNanos(), TimeUnit.NANOSECONDS);
                } else {
                    first = queue.take();
                }
                batch.clear();
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, 1024);
                }
                boolean stop = false;
                List<CountDownLatch> waiters = new ArrayList<>();
                for (Object item : batch) {
                    if (item == POISON) {
                        stop = true;
                    } else if (item instanceof CountDownLatch latch) {
                        waiters.add(latch);
                    } else {
                        write((TapEvent) item);
                        written(weight((TapEvent) item));
                    }
                }
                boolean wasDirty = dirty;
                dirty = open.values().stream().anyMatch(OpenRecording::dirty);
                if (dirty && !wasDirty) {
                    flushDue = System.nanoTime() + limits.flushInterval().toNanos();
                }
                if (dirty && (stop || !waiters.isEmpty() || System.nanoTime() - flushDue >= 0)) {
                    open.values().forEach(this::flush);
                    dirty = false;
                }
                if (diskProblem != null && System.nanoTime() - nextProbe >= 0) {
                    probe();
                }
                waiters.forEach(CountDownLatch::countDown);
                if (stop) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            files.closeAll();
            stopped.countDown();
        }
    }

    private void write(TapEvent event) {
        OpenRecording r = open.get(event.sessionId());
        if (r == null) {
            if (event instanceof TapEvent.SessionStarted s) {
                start(s);
            } else if (event instanceof TapEvent.SessionEnded) {
                dropped.remove(event.sessionId());
            }
            return; // header lost (queue full) or recording not started: never a file without its header
        }
        Long lost = dropped.remove(event.sessionId());
        if (lost != null) {
            r.dropped(lost, "queue full: events found the recorder's queue (maxQueuedBytes " + limits.maxQueuedBytes()
                    + ") full: the disk was slower than the traffic, or stalled past stallTimeout");
        }
        if (event instanceof TapEvent.SessionEnded e) {
            finish(r, e);
        } else if (r.stopped()) {
            r.dropped(1, null);
        } else {
            byte[] line = RecordingFormat.lineOf(event);
            String limit = null;
            if (r.size() + line.length > limits.maxRecordingBytes() - RecordingLimits.TRAILER_RESERVE) {
                limit = "maxRecordingBytes " + limits.maxRecordingBytes() + " reached at seq " + event.seq()
                        + ": later events not written";
            } else if (budget != null && !budget.claim(line.length, open.size())) {
                limit = "maxTotalBytes " + budget.max() + " reached at seq " + event.seq()
                        + " with no finished recording left to delete: later events not written";
            }
            if (limit == null) {
                append(r, line);
                return;
            }
            r.stop(limit);
            r.dropped(1, null);
            // says why the file stops here even if the trailer never comes (a crash); paid from the reserve
            ObjectNode marker = RecordingFormat.JSON.createObjectNode().put("seq", event.seq()).put("t", event.offsetNanos())
                    .put("type", RecordingFormat.RECORDING_STOPPED).put("reason", limit);
            appendReserved(r, RecordingFormat.line(marker));
        }
    }

    private void start(TapEvent.SessionStarted s) {
        byte[] header = RecordingFormat.line(RecordingFormat.toJson(s));
        if (budget != null && !budget.claim(header.length, open.size() + 1)) {
            notStarted++;
            if (budgetProblem == null) {
                budgetProblem = "maxTotalBytes " + budget.max() + " reached: recordings still open hold the room "
                        + "left in " + directory + " and no finished recording is left to delete; new recordings are not started";
                System.err.println("tapdeck: recording of session " + s.sessionId() + " not started: " + budgetProblem);
            }
            return;
        }
        Path file = directory.resolve(s.sessionId() + RecordingFormat.FILE_SUFFIX);
        OpenRecording r;
        try {
            files.create(file);
            r = new OpenRecording(s.sessionId(), file, files);
        } catch (IOException e) {
            notStarted++;
            if (budget != null) {
                budget.add(-header.length);
            }
            failed(null, e);
            return;
        }
        open.put(s.sessionId(), r);
        append(r, header);
    }

    private void finish(OpenRecording r, TapEvent.SessionEnded e) {
        ObjectNode trailer = RecordingFormat.toJson(e);
        String why = r.incompleteReason();
        if (why != null) {
            trailer.put("incomplete", true).put("droppedEvents", r.droppedEvents()).put("incompleteReason", why);
        }
        if (!r.stopped() || r.size() > 0) {
            // best effort even after a write failure: if it fails too, the file ends on its last whole line, untrailed
            appendReserved(r, RecordingFormat.line(trailer));
            flush(r);
        }
        r.close();
        open.remove(r.sessionId);
        if (r.size() == 0) {
            // not even the header reached the file: an empty file would not be a recording
            notStarted++;
            try {
                store.delete(r.file);
            } catch (IOException ignored) {
                // an empty file is reported as unreadable by the reader and by tapdeck verify
            }
            return;
        }
        if (budget != null) {
            budget.finished(r.file, r.size());
            budgetProblem = null; // a finished recording can now make room for a new one
        }
    }

    /** Writes a line the limits already reserved room for. */
    private void appendReserved(OpenRecording r, byte[] line) {
        if (budget != null) {
            budget.add(line.length);
        }
        append(r, line);
    }

    private void append(OpenRecording r, byte[] line) {
        long before = r.size();
        try {
            r.append(line);
        } catch (IOException e) {
            giveBack(before + line.length - r.size());
            failed(r, e);
        }
    }

    private void flush(OpenRecording r) {
        long before = r.size();
        try {
            r.flush();
        } catch (IOException e) {
            giveBack(before - r.size());
            failed(r, e);
        }
    }

    private void giveBack(long bytes) {
        if (budget != null) {
            budget.add(-bytes);
        }
    }

    /** A write failed (a full disk): the recording stops, and new ones are reported unavailable until a probe succeeds. */
    private void failed(OpenRecording r, IOException e) {
        lastError = e;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (r != null && !r.stopped()) {
            r.stop("write failed: " + message);
        }
        if (diskProblem == null) {
            System.err.println("tapdeck: recordings in " + directory + " cannot be written: " + message);
        }
        diskProblem = "cannot write recordings in " + directory + ": " + message;
        nextProbe = System.nanoTime() + limits.retryInterval().toNanos();
    }

    private void probe() {
        try {
            RecordingStore.probe(store, directory);
            diskProblem = null;
            System.err.println("tapdeck: recordings in " + directory + " can be written again");
        } catch (IOException e) {
            nextProbe = System.nanoTime() + limits.retryInterval().toNanos();
        }
    }
}
