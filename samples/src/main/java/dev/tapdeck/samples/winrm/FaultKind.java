package dev.tapdeck.samples.winrm;

import dev.tapdeck.protocol.wsman.WsmanNamespaces;

/**
 * The WS-Man faults the emulated server answers with, shaped like a Windows WinRM service
 * ([MS-WSMV] 2.2.4.43; protocol-notes A.7). Codes and reason texts are those real Windows servers send
 * (pypsrp recordings, WinRb stubs) or, where no recording exists, the wsmerror.h value of the same name.
 */
enum FaultKind {
    /** [MS-WSMV] 3.1.4.14: a Receive with no output before OperationTimeout; the client simply retries. */
    TIMED_OUT("s:Receiver", "w:TimedOut", 2150858793L, null,
            "The WS-Management service cannot complete the operation within the time specified in OperationTimeout.  "),
    /** Unknown ShellId or CommandId (test_winrs_bad_cmd_id.yml, test_psrp_receive_failure.yml). */
    INVALID_SELECTORS("s:Sender", "w:InvalidSelectors", 2150858843L, "UnexpectedSelectors",
            "The WS-Management service cannot process the request because the request contained invalid selectors for the resource. "),
    /** wsmerror.h ERROR_WSMAN_ACTION_NOT_SUPPORTED (0x80338013): "wsa, code=Sender, subcode=ActionNotSupported". */
    ACTION_NOT_SUPPORTED("s:Sender", "a:ActionNotSupported", 2150858771L, null,
            "The WS-Management service does not support the action specified in the request. "),
    /** A header value that cannot be used, e.g. OperationTimeout PT-1S (test_psrp_is_alive_other_wsman_error.yml). */
    INVALID_MESSAGE_INFORMATION_HEADER("s:Sender", "a:InvalidMessageInformationHeader", 2150858767L, null,
            "The WS-Management service cannot process the request. The request contains one or more invalid SOAP headers. "),
    /** wsmerror.h ERROR_WSMAN_MESSAGE_INFORMATION_HEADER_REQUIRED (0x80338011): no Action or MessageID. */
    MESSAGE_INFORMATION_HEADER_REQUIRED("s:Sender", "a:MessageInformationHeaderRequired", 2150858769L, null,
            "The WS-Management service cannot process the request. The request does not have all the expected SOAP headers. "),
    /** wsmerror.h ERROR_WSMAN_RESOURCE_NOT_FOUND (0x80338000): a resource URI this server does not offer. */
    DESTINATION_UNREACHABLE("s:Sender", "a:DestinationUnreachable", 2150858752L, null,
            "The WS-Management service cannot process the request. The service cannot find the resource identified by the resource URI and selectors. "),
    /** A body that is not the element the action needs, or not XML at all (Windows: code 2150858817). */
    SCHEMA_VALIDATION_ERROR("s:Sender", "w:SchemaValidationError", 2150858817L, null,
            "The SOAP XML in the message does not match the corresponding XML schema definition. Change the XML and retry. "),
    /** More than the allowed concurrent shells (WinRb wmi_error_v2.xml: error_Code 2150859173, 30 shells). */
    QUOTA_MAX_SHELLS("s:Sender", "w:QuotaLimit", 2150859173L, null,
            "The WS-Management service cannot process the request. The maximum number of concurrent shells for this user has been exceeded. Close existing shells or raise the quota for this user. "),
    /** wsmerror.h ERROR_WSMAN_QUOTA_MAX_OPERATIONS (0x803381A6): too many commands in one shell. */
    QUOTA_MAX_OPERATIONS("s:Sender", "w:QuotaLimit", 2150859174L, null,
            "The WS-Management service cannot process the request. The maximum number of concurrent operations for this user has been exceeded. Close existing operations for this user, or raise the quota for this user. "),
    /** [MS-WSMV] 3.1.4.1.7: MaxEnvelopeSize below 8192, or a request body over the server's limit. */
    ENCODING_LIMIT("s:Sender", "w:EncodingLimit", 2150858805L, null,
            "The WS-Management service cannot process the request because the encoding of the request exceeds an internal encoding limit. Reconfigure the client to send messages which fit the encoding limits of the service. "),
    /** A value the shell cannot use (test_winrs_fail_poll_process.yml: Code 87, FaultDetail InvalidValue). */
    INVALID_PARAMETER("s:Sender", "w:InvalidParameter", 87L, "InvalidValue", "The parameter is incorrect. ");

    private static final String FAULT_DETAIL_PREFIX = "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/";

    private final String code;
    private final String subcode;
    private final long wsmanFaultCode;
    private final String faultDetail;
    private final String reason;

    FaultKind(String code, String subcode, long wsmanFaultCode, String faultDetail, String reason) {
        this.code = code;
        this.subcode = subcode;
        this.wsmanFaultCode = wsmanFaultCode;
        this.faultDetail = faultDetail == null ? null : FAULT_DETAIL_PREFIX + faultDetail;
        this.reason = reason;
    }

    /** {@code s:Sender} or {@code s:Receiver}. */
    String code() {
        return code;
    }

    /** The subcode QName as written in the envelope ({@code a:} and {@code w:} are declared on it). */
    String subcode() {
        return subcode;
    }

    /** {@code f:WSManFault/@Code}: an unsigned 32-bit Windows error code. */
    long wsmanFaultCode() {
        return wsmanFaultCode;
    }

    /** {@code w:FaultDetail} URI, or null. */
    String faultDetail() {
        return faultDetail;
    }

    String reason() {
        return reason;
    }

    /**
     * Windows answers WS-Addressing faults with the addressing fault action and the others with the WS-Man
     * one (test_psrp_is_alive_other_wsman_error.yml versus test_winrs_bad_cmd_id.yml).
     */
    String action() {
        return subcode.startsWith("a:") ? WsmanNamespaces.ADDRESSING + "/fault"
                : "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault";
    }
}
