package dev.tapdeck.protocol.corpus;

/**
 * One recorded request and its response, as bytes (UTF-8 SOAP envelopes).
 *
 * @param index              position in the recording, from 0
 * @param declaredAction     the Action the container names for the request (winrm4j {@code action}
 *                           attribute), null when the format has none (pypsrp)
 * @param request            the request body
 * @param response           the response body; null when the recording has none (pypsrp
 *                           {@code http_error: true}: the connection failed)
 * @param transportErrorCode the HTTP status the recording says the response came with when it was not
 *                           200 (pypsrp {@code transport_error.code}, 500 for faults), else null
 */
public record RecordedExchange(int index, String declaredAction, byte[] request, byte[] response,
                               Integer transportErrorCode) {

    public boolean hasResponse() {
        return response != null;
    }
}
