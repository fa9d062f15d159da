package dev.tapdeck.replay;

/** How a live request is matched to the recorded ones. */
public enum ReplayMode {
    /** Only the next recorded request in order may match, and its content must. */
    STRICT,
    /** The first unconsumed recorded request with the same content matches: identical ones (Receive polls) keep their order. */
    LENIENT
}
