package dev.tapdeck.proxy;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Time, ids and masking keys the proxy uses, injected so tests and replays are deterministic (design
 * principle 5).
 *
 * @param nanoTime    monotonic clock for event offsets
 * @param epochMillis wall clock for session start times
 * @param ids         session ids and fault MessageIDs
 * @param maskKeys    masking keys of the Close frames the proxy writes toward a WebSocket server
 *                    (RFC 6455 10.3: unpredictable in production)
 */
public record ProxyClock(LongSupplier nanoTime, LongSupplier epochMillis, Supplier<String> ids, IntSupplier maskKeys) {
    public static final ProxyClock SYSTEM = new ProxyClock(System::nanoTime, System::currentTimeMillis,
            () -> UUID.randomUUID().toString(), new SecureRandom()::nextInt);

    /** A clock whose masking keys come from a SecureRandom. */
    public ProxyClock(LongSupplier nanoTime, LongSupplier epochMillis, Supplier<String> ids) {
        this(nanoTime, epochMillis, ids, new SecureRandom()::nextInt);
    }

    /** The same clock with other masking keys (tests). */
    public ProxyClock withMaskKeys(IntSupplier keys) {
        return new ProxyClock(nanoTime, epochMillis, ids, keys);
    }
}
