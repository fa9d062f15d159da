package dev.tapdeck.protocol.psrp.build;

import static dev.tapdeck.protocol.clixml.PsObjects.bool;
import static dev.tapdeck.protocol.clixml.PsObjects.property;
import static dev.tapdeck.protocol.clixml.PsObjects.version;

import dev.tapdeck.protocol.clixml.PsObject;
import dev.tapdeck.protocol.clixml.PsObjects;

/** Data both sides send alike. */
final class PsrpData {
    /** Every real client and server announces protocol 2.3 (protocol-notes A.5). */
    static final String PROTOCOL_VERSION = "2.3";

    private PsrpData() {
    }

    /** [MS-PSRP] 2.2.2.1: protocolversion, PSVersion, SerializationVersion, as pypsrp and Windows send them. */
    static PsObject sessionCapability() {
        return PsObjects.properties(property("protocolversion", version(PROTOCOL_VERSION)), property("PSVersion", version("2.0")),
                property("SerializationVersion", version("1.1.0.1")));
    }

    /** [MS-PSRP] 2.2.3.14 HostInfo of a client without a host: the server uses its own ({@code _useRunspaceHost}). */
    static PsObject noHost() {
        return PsObjects.properties(property("_isHostNull", bool(true)), property("_isHostUINull", bool(true)),
                property("_isHostRawUINull", bool(true)), property("_useRunspaceHost", bool(true)));
    }
}
