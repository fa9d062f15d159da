package dev.tapdeck.protocol.psrp.view;

import dev.tapdeck.protocol.clixml.PsObject;
import dev.tapdeck.protocol.clixml.PsValues;

/**
 * SESSION_CAPABILITY ([MS-PSRP] 2.2.2.1): the versions each side announces.
 *
 * @param protocolVersion      {@code protocolversion}, e.g. 2.3
 * @param psVersion            {@code PSVersion}, e.g. 2.0
 * @param serializationVersion {@code SerializationVersion}, e.g. 1.1.0.1
 * @param timeZonePresent      whether the optional {@code TimeZone} was sent (not decoded: MS-NRBF)
 */
public record SessionCapability(String protocolVersion, String psVersion, String serializationVersion,
                                boolean timeZonePresent) implements PsrpView {

    static SessionCapability from(PsObject o) {
        return new SessionCapability(PsValues.string(o.property("protocolversion")), PsValues.string(o.property("PSVersion")),
                PsValues.string(o.property("SerializationVersion")), o.property("TimeZone") != null
                        && !PsValues.isNil(o.property("TimeZone")));
    }
}
