package dev.tapdeck.replay;

import dev.tapdeck.recorder.HttpHead;

/**
 * One recorded HTTP request and what the server answered, whatever the source format.
 *
 * @param index          position in the recording, from 0
 * @param request        the request head; null when the source keeps only bodies (pypsrp YAML)
 * @param requestBody    the request body as it crossed the wire
 * @param response       the response head; null when the source keeps only bodies
 * @param responseStatus the HTTP status of the response; 0 when there was no response (the connection failed)
 * @param responseBody   the response body, empty when there was none
 * @param requestNanos   when the request was recorded (monotonic offset from the session start), 0 when unknown
 * @param responseNanos  when the response was recorded, 0 when unknown
 */
public record ReplayExchange(int index, HttpHead request, byte[] requestBody, HttpHead response, int responseStatus,
                             byte[] responseBody, long requestNanos, long responseNanos) {

    /** The Content-Type WinRM servers send when the source did not record one. */
    public static final String SOAP_CONTENT_TYPE = "application/soap+xml;charset=UTF-8";

    public ReplayExchange {
        requestBody = requestBody == null ? new byte[0] : requestBody;
        responseBody = responseBody == null ? new byte[0] : responseBody;
    }

    /** The recorded exchange had an answer (pypsrp's {@code http_error} sessions have none). */
    public boolean answered() {
        return responseStatus > 0;
    }

    public String responseContentType() {
        String recorded = response == null ? null : response.header("Content-Type");
        return recorded != null ? recorded : responseBody.length == 0 ? null : SOAP_CONTENT_TYPE;
    }

    /** Recorded server latency, for pacing. */
    public long latencyNanos() {
        return Math.max(0, responseNanos - requestNanos);
    }
}
