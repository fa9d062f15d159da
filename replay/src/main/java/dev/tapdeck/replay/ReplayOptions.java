package dev.tapdeck.replay;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * How a replay server listens and plays (design principle 5: every source of variation is a parameter).
 *
 * @param host         address to listen on
 * @param port         port, 0 for any free one
 * @param mode         how requests are matched
 * @param speed        0 to answer as fast as possible, else the recorded server latency divided by this factor
 * @param maxBodyBytes largest request body accepted (413 above it)
 * @param ids          MessageIDs of what the replay writes itself (faults); the default counts from a fixed seed
 */
public record ReplayOptions(String host, int port, ReplayMode mode, double speed, int maxBodyBytes, Supplier<UUID> ids) {
    public static final int DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

    public ReplayOptions {
        if (speed < 0 || Double.isNaN(speed)) {
            throw new IllegalArgumentException("speed must be 0 (as fast as possible) or a positive factor, got " + speed);
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
    }

    public static ReplayOptions defaults() {
        return new ReplayOptions("127.0.0.1", 0, ReplayMode.LENIENT, 0, DEFAULT_MAX_BODY_BYTES, countingIds("tapdeck-replay"));
    }

    /** Name-based UUIDs of {@code seed:1}, {@code seed:2}…: the same sequence in every run. */
    public static Supplier<UUID> countingIds(String seed) {
        AtomicLong n = new AtomicLong();
        return () -> UUID.nameUUIDFromBytes((seed + ":" + n.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
    }

    public ReplayOptions listen(String host, int port) {
        return new ReplayOptions(host, port, mode, speed, maxBodyBytes, ids);
    }

    public ReplayOptions mode(ReplayMode mode) {
        return new ReplayOptions(host, port, mode, speed, maxBodyBytes, ids);
    }

    public ReplayOptions speed(double speed) {
        return new ReplayOptions(host, port, mode, speed, maxBodyBytes, ids);
    }

    public ReplayOptions ids(Supplier<UUID> ids) {
        return new ReplayOptions(host, port, mode, speed, maxBodyBytes, ids);
    }
}
