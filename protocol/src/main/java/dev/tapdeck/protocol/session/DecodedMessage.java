package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.psrp.PsrpMessage;
import dev.tapdeck.protocol.psrp.view.PsrpView;

/**
 * A decoded message inside the tap: the public event, the message itself, its typed view (null when its
 * type has none or its Data did not read), the host response reading (null unless it is one), and the
 * payload it completed in.
 */
record DecodedMessage(PsrpMessageDecoded event, PsrpMessage message, PsrpView view, PsrpSummaries.HostResponse host,
                      PsrpPayloads.Payload payload) {
}
