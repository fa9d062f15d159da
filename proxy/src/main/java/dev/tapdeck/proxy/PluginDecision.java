package dev.tapdeck.proxy;

import dev.tapdeck.recorder.TapEvent.PluginOutcome;

/**
 * How one plug-in call ended, as the relay acts on it.
 *
 * @param code        the plug-in's WSManFault Code for a veto, else null
 * @param reason      the plug-in's message, or what went wrong; null when it passed
 * @param waitedNanos time from the call to its outcome
 */
record PluginDecision(String plugin, PluginOutcome outcome, Long code, String reason, long waitedNanos) {
    /** Nothing was asked: no plug-in is configured. */
    static final PluginDecision NONE = new PluginDecision("", PluginOutcome.PASSED, null, null, 0);

    boolean passed() {
        return outcome == PluginOutcome.PASSED;
    }
}
