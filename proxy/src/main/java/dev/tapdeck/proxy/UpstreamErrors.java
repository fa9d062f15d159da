package dev.tapdeck.proxy;

import javax.net.ssl.SSLHandshakeException;

/** What a user can do about an upstream failure, added to the fault and the recording. */
final class UpstreamErrors {
    private UpstreamErrors() {
    }

    /**
     * The error and its root cause: Vert.x reports a refused certificate as "SSLHandshakeException: Failed to
     * create SSL connection", the reason (e.g. "PKIX path building failed: ... unable to find valid
     * certification path to requested target") is in the cause chain.
     */
    static String describe(Throwable err) {
        Throwable root = err;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return one(err) + (root == err ? "" : " (" + one(root) + ")");
    }

    private static String one(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** A hint for TLS verification failures (empty for anything else). */
    static String hint(Throwable err) {
        for (Throwable t = err; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException) {
                return " (the upstream's TLS certificate is not trusted or does not name the host: give the route a "
                        + "trust store with \"trust\" or --upstream-trust; --upstream-insecure skips the check, for tests only)";
            }
        }
        return "";
    }
}
