package dev.tapdeck.protocol.clixml;

import dev.tapdeck.protocol.wsman.DecodeProblem;

/** A problem found while walking a CLIXML document; turned into a {@link ClixmlDecoded.ClixmlRejected}. */
final class ClixmlException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient DecodeProblem problem;

    ClixmlException(DecodeProblem.Kind kind, String detail) {
        super(detail, null, false, false); // control flow, no stack trace needed
        this.problem = new DecodeProblem(kind, detail);
    }

    DecodeProblem problem() {
        return problem;
    }
}
