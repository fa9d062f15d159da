package dev.tapdeck.samples.winrm;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * xs:duration values of WS-Man: {@code wsman:OperationTimeout} as clients send it, such as {@code PT20S}
 * (pywinrm), {@code PT60S} (winrm4j), {@code PT1M} (winrmcp) or {@code PT180.000S} (pwsh) (protocol-notes A.5),
 * and {@code rsp:IdleTimeOut} as Windows writes it ({@code PT7200.000S}).
 */
final class XsDuration {
    private XsDuration() {
    }

    /**
     * The duration, or empty when the value is not a usable timeout: Windows rejects {@code PT-1S} with
     * {@code a:InvalidMessageInformationHeader} (test_psrp_is_alive_other_wsman_error.yml). Years and months
     * are refused too: they have no fixed length.
     */
    static Optional<Duration> parse(String value) {
        try {
            Duration d = Duration.parse(value.trim());
            return d.isNegative() ? Optional.empty() : Optional.of(d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Seconds with milliseconds, the way Windows writes {@code rsp:IdleTimeOut}. */
    static String format(Duration d) {
        return String.format(java.util.Locale.ROOT, "PT%d.%03dS", d.getSeconds(), d.toMillisPart());
    }

    /** The fault Windows sends for a timeout it cannot use. */
    static WsmanFault invalidTimeout(String value) {
        return new WsmanFault(FaultKind.INVALID_MESSAGE_INFORMATION_HEADER, "The WS-Management service cannot process"
                + " the request. The XML contains an invalid timeout field in the SOAP header: " + value + ". ");
    }
}
