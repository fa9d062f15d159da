package dev.tapdeck.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One measured stretch of a load: exchanges (or messages), payload bytes and latencies count only while the
 * window is open, so connection set-up and the tail after the deadline stay out of the figures. The load runs
 * until {@link #stop()}; every connection then finishes what it is doing (a shell its Delete) and ends.
 */
final class Window {
    private volatile boolean open;
    private volatile boolean stopped;
    final AtomicLong count = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong requestBytes = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final LatencyHistogram latency = new LatencyHistogram();

    void open() {
        open = true;
    }

    void close() {
        open = false;
    }

    void stop() {
        open = false;
        stopped = true;
    }

    boolean stopped() {
        return stopped;
    }

    /** One exchange or echoed message done: {@code requestSize} bytes out, {@code responseSize} back. */
    void completed(long startNanos, int requestSize, int responseSize) {
        if (open) {
            latency.record(System.nanoTime() - startNanos);
            count.incrementAndGet();
            requestBytes.addAndGet(requestSize);
            bytes.addAndGet(responseSize);
        }
    }

    void failed() {
        if (open) {
            failures.incrementAndGet();
        }
    }
}
