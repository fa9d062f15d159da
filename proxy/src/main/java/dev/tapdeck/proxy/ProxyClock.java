package dev.tapdeck.proxy;

import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Time and ids the proxy uses, injected so tests and replays are deterministic (design principle 5).
 *
 * @param nanoTime    monotonic clock for event offsets
 * @param epochMillis wall clock for session start times
 * @param ids         session ids and fault MessageIDs
 */
public record ProxyClock(LongSupplier nanoTime, LongSupplier epochMillis, Supplier<String> ids) {
    public static final ProxyClock SYSTEM = new ProxyClock(System::nanoTime, System::currentTimeMillis,
            () -> UUID.randomUUID().toString());
}
