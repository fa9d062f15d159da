package dev.tapdeck.bench;

/** One path under one workload, summed over the measured rounds. */
final class Cell {
    final LatencyHistogram latency = new LatencyHistogram();
    long count;
    long requestBytes;
    long responseBytes;
    long failures;
    long nanos;
    long cpuTicks;
    long peakRssKb;

    void add(Window window, long windowNanos, long proxyCpuTicks) {
        latency.add(window.latency);
        count += window.count.get();
        requestBytes += window.requestBytes.get();
        responseBytes += window.bytes.get();
        failures += window.failures.get();
        nanos += windowNanos;
        cpuTicks += proxyCpuTicks;
    }

    double perSecond() {
        return nanos == 0 ? 0 : count * 1e9 / nanos;
    }

    /** Payload bytes that came back per second, in MB (10^6). */
    double megabytesPerSecond() {
        return nanos == 0 ? 0 : responseBytes * 1e3 / nanos;
    }

    double p50Micros() {
        return latency.percentile(0.50) / 1e3;
    }

    double p99Micros() {
        return latency.percentile(0.99) / 1e3;
    }

    /** The proxy's CPU seconds per 1,000 exchanges or messages. */
    double cpuSecondsPerThousand(int clockTicksPerSecond) {
        return count == 0 ? 0 : (double) cpuTicks / clockTicksPerSecond / count * 1000;
    }
}
