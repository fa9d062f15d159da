package dev.tapdeck.proxy.plugin;

import java.time.Duration;
import java.util.List;

/**
 * What the proxy does to requests beyond the rule policy: plug-ins and Send flow control.
 *
 * @param plugins        plug-ins for every route (a route may add its own)
 * @param timeLimit      how long one plug-in call may take; past it the call fails (a fault, a recorded failure)
 * @param serializeSends hold a Send while an earlier one to the same target still waits for its SendResponse,
 *                       instead of forwarding it and reporting SEND_OUTSTANDING ([MS-PSRP] 3.1.5.3.5,
 *                       [MS-WSMV] 3.1.4.13): a client that breaks the one-outstanding-Send rule then behaves
 * @param maxHeldSends   Sends one target may have waiting (a plug-in or serialize mode holds them); past it the
 *                       client gets a fault naming the limit
 * @param workerThreads  threads that run plug-in calls (a blocking plug-in stalls one of them, never an event loop)
 */
public record Interception(List<PluginSpec> plugins, Duration timeLimit, boolean serializeSends, int maxHeldSends,
                           int workerThreads) {
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(10);
    public static final Interception NONE = new Interception(List.of(), DEFAULT_TIME_LIMIT, false, 64, 4);

    public Interception {
        plugins = List.copyOf(plugins);
        if (timeLimit == null || timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("the plug-in time limit must be positive: " + timeLimit);
        }
        if (maxHeldSends < 1 || workerThreads < 1) {
            throw new IllegalArgumentException("maxHeldSends and workerThreads must be at least 1");
        }
    }

    public Interception withPlugins(List<PluginSpec> p) {
        return new Interception(p, timeLimit, serializeSends, maxHeldSends, workerThreads);
    }

    public Interception withTimeLimit(Duration d) {
        return new Interception(plugins, d, serializeSends, maxHeldSends, workerThreads);
    }

    public Interception withSerializeSends(boolean s) {
        return new Interception(plugins, timeLimit, s, maxHeldSends, workerThreads);
    }
}
