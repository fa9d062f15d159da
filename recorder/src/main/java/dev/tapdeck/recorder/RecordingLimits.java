package dev.tapdeck.recorder;

import java.time.Duration;
import java.util.Locale;

/**
 * The bounds of a recording directory (design principle 6), each named in the error or trailer that
 * reports crossing it.
 *
 * @param maxRecordingBytes largest recording file, trailer included: past it the session's events are no longer
 *                          written, and the trailer says {@code "incomplete":true} naming this limit
 * @param maxTotalBytes     most bytes all recordings in the directory may hold; the oldest finished recordings
 *                          are deleted to stay under it, and new recordings are not started when that is not
 *                          enough; 0 means no limit (nothing is ever deleted). It may be below maxRecordingBytes:
 *                          a recording then stops at whichever limit it reaches first
 * @param flushInterval     longest time a written event stays in the writer's buffer before it goes to the
 *                          operating system (so a crashed or killed process loses at most this much); zero
 *                          flushes after every batch
 * @param retryInterval     how often, while recordings cannot be written, a probe write checks whether they can
 *                          again
 * @param maxQueuedBytes    most bytes of events waiting for the writer (payloads plus a fixed
 *                          {@code RecordingSink.EVENT_OVERHEAD} per event): past three quarters of it the relays stop
 *                          reading from their sockets until the writer drained it below half (back-pressure, so the
 *                          recording stays complete); an event that would take the queue past it is dropped and counted
 * @param stallTimeout      longest time the relays wait for a writer that drains nothing below half of
 *                          maxQueuedBytes (a stalled disk): past it traffic flows again, and events over
 *                          maxQueuedBytes are dropped, the recordings marked incomplete, until the writer catches up
 * @param maxOpenFiles      most recording files open at once: a recording written while that many are open takes the
 *                          place of the one written least recently, which is closed and opened again (appending) when
 *                          next written; so idle sessions do not each hold a file descriptor
 */
public record RecordingLimits(long maxRecordingBytes, long maxTotalBytes, Duration flushInterval, Duration retryInterval,
                              long maxQueuedBytes, Duration stallTimeout, int maxOpenFiles) {
    /** Default largest recording: 1 GiB. */
    public static final long DEFAULT_MAX_RECORDING_BYTES = 1L << 30;
    /** Default flush interval: 5 ms. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(5);
    /** Default probe interval while recordings fail: 1 s. */
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);
    /** Room kept in every limit for the trailer (and the line saying why recording stopped). */
    public static final int TRAILER_RESERVE = 2048;
    /** Smallest {@code maxRecordingBytes} accepted: a header, a few events and the trailer. */
    public static final long MIN_RECORDING_BYTES = 4 * TRAILER_RESERVE;

    /** Default bound of the writer's queue: 64 MiB. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 64L << 20;
    /** Smallest {@code maxQueuedBytes} accepted. */
    public static final long MIN_QUEUED_BYTES = 64L << 10;
    /** Default wait for a stalled writer before traffic flows again without it: 30 s. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);

    /** Default bound of the recording files open at once: 256. */
    public static final int DEFAULT_MAX_OPEN_FILES = 256;

    public static final RecordingLimits DEFAULT = new RecordingLimits(DEFAULT_MAX_RECORDING_BYTES, 0,
            DEFAULT_FLUSH_INTERVAL, DEFAULT_RETRY_INTERVAL);

    /** The writer's queue with its default bound and stall timeout. */
    public RecordingLimits(long maxRecordingBytes, long maxTotalBytes, Duration flushInterval, Duration retryInterval) {
        this(maxRecordingBytes, maxTotalBytes, flushInterval, retryInterval, DEFAULT_MAX_QUEUED_BYTES, DEFAULT_STALL_TIMEOUT);
    }

    /** At most {@link #DEFAULT_MAX_OPEN_FILES} recording files open at once. */
    public RecordingLimits(long maxRecordingBytes, long maxTotalBytes, Duration flushInterval, Duration retryInterval,
                           long maxQueuedBytes, Duration stallTimeout) {
        this(maxRecordingBytes, maxTotalBytes, flushInterval, retryInterval, maxQueuedBytes, stallTimeout,
                DEFAULT_MAX_OPEN_FILES);
    }

    public RecordingLimits {
        if (maxRecordingBytes < MIN_RECORDING_BYTES) {
            throw new IllegalArgumentException("maxRecordingBytes must be at least " + MIN_RECORDING_BYTES + " bytes, got "
                    + maxRecordingBytes);
        }
        if (maxTotalBytes != 0 && maxTotalBytes < MIN_RECORDING_BYTES) {
            throw new IllegalArgumentException("maxTotalBytes must be 0 (no limit) or at least " + MIN_RECORDING_BYTES
                    + " bytes, got " + maxTotalBytes);
        }
        if (flushInterval.isNegative() || retryInterval.isNegative() || retryInterval.isZero()) {
            throw new IllegalArgumentException("flushInterval must be >= 0 and retryInterval > 0");
        }
        if (maxQueuedBytes < MIN_QUEUED_BYTES) {
            throw new IllegalArgumentException("maxQueuedBytes must be at least " + MIN_QUEUED_BYTES + " bytes, got "
                    + maxQueuedBytes);
        }
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stallTimeout must be > 0, got " + stallTimeout);
        }
        if (maxOpenFiles < 1) {
            throw new IllegalArgumentException("maxOpenFiles must be at least 1, got " + maxOpenFiles);
        }
    }

    public RecordingLimits withMaxRecordingBytes(long bytes) {
        return new RecordingLimits(bytes, maxTotalBytes, flushInterval, retryInterval, maxQueuedBytes,
                stallTimeout, maxOpenFiles);
    }

    public RecordingLimits withMaxTotalBytes(long bytes) {
        return new RecordingLimits(maxRecordingBytes, bytes, flushInterval, retryInterval, maxQueuedBytes,
                stallTimeout, maxOpenFiles);
    }

    public RecordingLimits withFlushInterval(Duration interval) {
        return new RecordingLimits(maxRecordingBytes, maxTotalBytes, interval, retryInterval, maxQueuedBytes,
                stallTimeout, maxOpenFiles);
    }

    public RecordingLimits withRetryInterval(Duration interval) {
        return new RecordingLimits(maxRecordingBytes, maxTotalBytes, flushInterval, interval, maxQueuedBytes,
                stallTimeout, maxOpenFiles);
    }

    public RecordingLimits withMaxQueuedBytes(long bytes) {
        return new RecordingLimits(maxRecordingBytes, maxTotalBytes, flushInterval, retryInterval, bytes,
                stallTimeout, maxOpenFiles);
    }

    public RecordingLimits withStallTimeout(Duration timeout) {
        return new RecordingLimits(maxRecordingBytes, maxTotalBytes, flushInterval, retryInterval, maxQueuedBytes,
                timeout, maxOpenFiles);
    }

    public RecordingLimits withMaxOpenFiles(int files) {
        return new RecordingLimits(maxRecordingBytes, maxTotalBytes, flushInterval, retryInterval, maxQueuedBytes,
                stallTimeout, files);
    }

    /** A size as written on the command line or in the config: bytes, or with a k, m, g or t suffix (powers of 1024). */
    public static long parseSize(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("b")) {
            s = s.substring(0, s.length() - 1); // 10mb, 10m and 10 all read naturally
        }
        int shift = 0;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                case 't' -> shift = 40;
                default -> shift = 0;
            }
        }
        String digits = shift == 0 ? s : s.substring(0, s.length() - 1);
        try {
            long n = Long.parseLong(digits.trim());
            if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: '" + text + "' (bytes, or a number with k, m, g or t, e.g. 10m)");
        }
    }
}
