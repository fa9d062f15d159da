package dev.tapdeck.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in nanoseconds, log-linear buckets (64 per power of two: about 1.6 % precision), safe to record from
 * every event loop at once and mergeable across rounds. A small stand-in for HdrHistogram: no extra dependency,
 * and a fixed 30 KB however long the run.
 */
final class LatencyHistogram {
    private static final int SUB = 64;
    private static final int SUB_BITS = 6;
    private static final int BUCKETS = (63 - SUB_BITS + 1) * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long nanos) {
        counts.incrementAndGet(index(Math.max(0, nanos)));
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            long c = other.counts.get(i);
            if (c != 0) {
                counts.addAndGet(i, c);
            }
        }
    }

    long count() {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The value below which a fraction {@code q} (0 to 1) of the recorded values lie; 0 when nothing was recorded. */
    long percentile(double q) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return midpoint(i);
            }
        }
        return midpoint(BUCKETS - 1);
    }

    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v);
        int sub = (int) ((v >>> (exponent - SUB_BITS)) & (SUB - 1));
        return (exponent - SUB_BITS + 1) * SUB + sub;
    }

    static long midpoint(int index) {
        if (index < SUB) {
            return index;
        }
        int exponent = index / SUB + SUB_BITS - 1;
        long width = 1L << (exponent - SUB_BITS);
        long lower = (SUB + (long) (index % SUB)) * width;
        return lower + width / 2;
    }
}
