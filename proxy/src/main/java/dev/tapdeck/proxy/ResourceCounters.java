package dev.tapdeck.proxy;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live counts behind {@link ProxyStats}. Each acquisition hands back a {@link Release} that gives the
 * count back exactly once, however many of the paths that may end a resource (end, close, failure) call it:
 * a leak check is only as good as the bookkeeping it reads. Atomic because {@link TapdeckProxy#stats()} may
 * be read from any thread.
 */
final class ResourceCounters {
    final AtomicInteger clientConnections = new AtomicInteger();
    final AtomicInteger upstreamConnections = new AtomicInteger();
    final AtomicInteger exchanges = new AtomicInteger();
    final AtomicLong bufferedBytes = new AtomicLong();
    final AtomicInteger tunnels = new AtomicInteger();

    /** Gives one acquisition back, once. */
    static final class Release implements Runnable {
        private final AtomicBoolean done = new AtomicBoolean();
        private final Runnable undo;

        private Release(Runnable undo) {
            this.undo = undo;
        }

        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                undo.run();
            }
        }
    }

    /** A counter that is not kept (relays built without a proxy, in unit tests). */
    static final ResourceCounters NONE = new ResourceCounters();

    Release clientConnection() {
        return acquire(clientConnections);
    }

    Release upstreamConnection() {
        return acquire(upstreamConnections);
    }

    Release tunnel() {
        return acquire(tunnels);
    }

    /** An exchange in flight and the body bytes it buffers; its release gives both back, then runs {@code released}. */
    Exchange exchange(Runnable released) {
        exchanges.incrementAndGet();
        return new Exchange(released);
    }

    /** Body bytes buffered for a part of an exchange already counted (a response body). */
    Exchange buffer() {
        return new Exchange(null);
    }

    private static Release acquire(AtomicInteger counter) {
        counter.incrementAndGet();
        return new Release(counter::decrementAndGet);
    }

    /** One exchange (or a buffer of one): counts its buffered bytes as they come and gives everything back once. */
    final class Exchange {
        private final AtomicLong held = new AtomicLong();
        private final AtomicBoolean done = new AtomicBoolean();
        /** Null for a buffer of an exchange counted elsewhere. */
        private final Runnable released;

        private Exchange(Runnable released) {
            this.released = released;
        }

        void buffered(long bytes) {
            if (!done.get()) {
                held.addAndGet(bytes);
                bufferedBytes.addAndGet(bytes);
            }
        }

        /** The bytes buffered so far were handed on (to the tap and the wire): no longer held. */
        void unbuffered() {
            bufferedBytes.addAndGet(-held.getAndSet(0));
        }

        void release() {
            if (done.compareAndSet(false, true)) {
                unbuffered();
                if (released != null) {
                    exchanges.decrementAndGet();
                    released.run();
                }
            }
        }
    }

    ProxyStats snapshot(int heldSends) {
        return new ProxyStats(clientConnections.get(), upstreamConnections.get(), exchanges.get(), bufferedBytes.get(),
                tunnels.get(), heldSends);
    }
}
