package dev.tapdeck.proxy;

import java.util.function.Predicate;

/** The leak check of the fault tests: the counts of {@link TapdeckProxy#stats()} return to zero. */
final class LeakCheck {
    private LeakCheck() {
    }

    /** Waits (a guard against hangs, not a timed assertion) until the proxy holds nothing; fails naming what is left. */
    static void awaitIdle(TapdeckProxy proxy) throws InterruptedException {
        await(proxy, ProxyStats::idle, "nothing");
    }

    /**
     * Like {@link #awaitIdle} for a client that keeps its connection open (the JDK's HttpClient pools it and cannot
     * be closed on Java 17): everything but that client connection is given back.
     */
    static void awaitIdleButClientConnections(TapdeckProxy proxy) throws InterruptedException {
        await(proxy, s -> s.upstreamConnections() == 0 && s.exchangesInFlight() == 0 && s.bufferedBytes() == 0
                && s.webSocketTunnels() == 0 && s.heldSends() == 0, "nothing but client connections");
    }

    private static void await(TapdeckProxy proxy, Predicate<ProxyStats> done, String what) throws InterruptedException {
        for (int i = 0; i < 2000 && !done.test(proxy.stats()); i++) {
            Thread.sleep(10);
        }
        ProxyStats s = proxy.stats();
        if (!done.test(s)) {
            throw new AssertionError("the proxy should hold " + what + " but holds: " + s);
        }
    }
}
