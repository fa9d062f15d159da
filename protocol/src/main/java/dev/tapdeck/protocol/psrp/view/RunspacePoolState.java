package dev.tapdeck.protocol.psrp.view;

import dev.tapdeck.protocol.clixml.PsObject;
import dev.tapdeck.protocol.clixml.PsValues;

/**
 * RUNSPACEPOOL_STATE ([MS-PSRP] 2.2.2.9).
 *
 * @param state     {@code RunspaceState}, a RunspacePoolState value (2.2.3.4), or null when absent
 * @param stateName its name, or null for a value the table lacks
 * @param exception {@code ExceptionAsErrorRecord} when the pool broke, else null
 */
public record RunspacePoolState(Integer state, String stateName, ErrorRecord exception) implements PsrpView {
    /** [MS-PSRP] 2.2.3.4, by value. */
    private static final String[] NAMES = {"BeforeOpen", "Opening", "Opened", "Closed", "Closing", "Broken", "NegotiationSent",
        "NegotiationSucceeded", "Connecting", "Disconnected"};

    static RunspacePoolState from(PsObject o) {
        Integer state = PsValues.integer(o.property("RunspaceState"));
        return new RunspacePoolState(state, PipelineState.name(NAMES, state), ErrorRecord.optional(o.property("ExceptionAsErrorRecord")));
    }
}
