package dev.tapdeck.protocol.psrp.view;

import dev.tapdeck.protocol.clixml.PsObject;
import dev.tapdeck.protocol.clixml.PsValues;

/**
 * PIPELINE_STATE ([MS-PSRP] 2.2.2.21).
 *
 * @param state     {@code PipelineState}, a PSInvocationState value (2.2.3.5), or null when absent
 * @param stateName its name, or null for a value the table lacks
 * @param exception {@code ExceptionAsErrorRecord} when the pipeline failed, else null
 */
public record PipelineState(Integer state, String stateName, ErrorRecord exception) implements PsrpView {
    /** [MS-PSRP] 2.2.3.5, by value. */
    private static final String[] NAMES = {"NotStarted", "Running", "Stopping", "Stopped", "Completed", "Failed", "Disconnected"};

    static PipelineState from(PsObject o) {
        Integer state = PsValues.integer(o.property("PipelineState"));
        return new PipelineState(state, name(NAMES, state), ErrorRecord.optional(o.property("ExceptionAsErrorRecord")));
    }

    static String name(String[] names, Integer value) {
        return value != null && value >= 0 && value < names.length ? names[value] : null;
    }
}
