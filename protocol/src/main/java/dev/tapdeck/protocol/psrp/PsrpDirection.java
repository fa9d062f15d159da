package dev.tapdeck.protocol.psrp;

/** Which way a PSRP message travels ([MS-PSRP] 2.2.1 "Direction"). */
public enum PsrpDirection {
    CLIENT_TO_SERVER,
    SERVER_TO_CLIENT,
    /** SESSION_CAPABILITY only: "Bidirectional (client to server or server to client)". */
    BIDIRECTIONAL;

    /** True when a message of this direction may be sent the given way. */
    public boolean allows(PsrpDirection sent) {
        return this == BIDIRECTIONAL || sent == BIDIRECTIONAL || this == sent;
    }

    /** The Destination a message sent this way carries ([MS-PSRP] 2.2.1); null for BIDIRECTIONAL. */
    public Destination destination() {
        switch (this) {
            case CLIENT_TO_SERVER:
                return Destination.SERVER;
            case SERVER_TO_CLIENT:
                return Destination.CLIENT;
            default:
                return null;
        }
    }
}
