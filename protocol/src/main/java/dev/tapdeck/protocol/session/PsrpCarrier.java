package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.psrp.PsrpDirection;

/**
 * The WS-Man element a PSRP payload travelled in ([MS-PSRP] 3.1.5.3; protocol-notes B.4). Each payload
 * holds whole fragments; a fragment never spans two carriers.
 */
public enum PsrpCarrier {
    /** {@code rsp:Shell/creationXml} of a Create ([MS-PSRP] 3.1.5.3.1). */
    CREATION_XML(PsrpDirection.CLIENT_TO_SERVER),
    /** {@code rsp:CommandLine/rsp:Arguments} of a Command ([MS-PSRP] 3.1.5.3.3). */
    ARGUMENTS(PsrpDirection.CLIENT_TO_SERVER),
    /** {@code rsp:Send/rsp:Stream} ([MS-PSRP] 3.1.5.3.5). */
    SEND(PsrpDirection.CLIENT_TO_SERVER),
    /** {@code rsp:ReceiveResponse/rsp:Stream} ([MS-PSRP] 3.1.5.3.8). */
    RECEIVE_RESPONSE(PsrpDirection.SERVER_TO_CLIENT),
    /** {@code rsp:Connect/connectXml} ([MS-PSRP] 3.1.5.3.14). */
    CONNECT_XML(PsrpDirection.CLIENT_TO_SERVER),
    /** {@code rsp:ConnectResponse/connectResponseXml} ([MS-PSRP] 3.1.5.3.15). */
    CONNECT_RESPONSE_XML(PsrpDirection.SERVER_TO_CLIENT);

    private final PsrpDirection direction;

    PsrpCarrier(PsrpDirection direction) {
        this.direction = direction;
    }

    /** Who sends this carrier. */
    public PsrpDirection direction() {
        return direction;
    }
}
