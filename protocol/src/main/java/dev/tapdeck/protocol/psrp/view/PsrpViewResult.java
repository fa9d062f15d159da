package dev.tapdeck.protocol.psrp.view;

import dev.tapdeck.protocol.wsman.DecodeProblem;

/** What {@link PsrpViews#view} returns for one message. */
public sealed interface PsrpViewResult {

    /** The Data was read into a view. */
    record Viewed(PsrpView view) implements PsrpViewResult {
    }

    /** The MessageType has no view (the Data is still available raw). */
    record NotViewed(String messageType) implements PsrpViewResult {
    }

    /** The Data is not readable CLIXML, or not the object the MessageType calls for. */
    record ViewRejected(String messageType, DecodeProblem problem) implements PsrpViewResult {
    }
}
