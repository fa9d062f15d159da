package dev.tapdeck.proxy;

/** The leak check of the fault tests: every count of {@link TapdeckProxy#stats()} returns to zero. */
final class LeakCheck {
    private LeakCheck() {
    }

    /** Waits (a guard against hangs, not a timed assertion) until the proxy holds nothing; fails naming what is left. */
    static void awaitIdle(TapdeckProxy proxy) throws InterruptedException {
        for (int i = 0; i < 2000 && !proxy.stats().idle(); i++) {
            Thread.sleep(10);
        }
        ProxyStats s = proxy.stats();
        if (!s.idle()) {
            throw new AssertionError("the proxy still holds resources: " + s);
        }
    }
}
