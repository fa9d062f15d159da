package dev.tapdeck.samples.winrm;

/**
 * A fault the server answers with: which one, and the {@code f:Message} text that explains this occurrence.
 *
 * @param kind    the fault (code, subcode, WSManFault code, reason)
 * @param message the {@code f:Message} text; the kind's reason when null
 */
record WsmanFault(FaultKind kind, String message) {
    WsmanFault {
        message = message == null ? kind.reason() : message;
    }

    static WsmanFault of(FaultKind kind) {
        return new WsmanFault(kind, null);
    }

    /** The text Windows uses for an unknown ShellId ([MS-WSMV] 3.1.4.14 and real servers). */
    static WsmanFault unknownShell(String shellId) {
        return new WsmanFault(FaultKind.INVALID_SELECTORS, "The request for the Windows Remote Shell with ShellId "
                + shellId + " failed because the shell was not found on the server. Possible causes are: the specified"
                + " ShellId is incorrect or the shell no longer exists on the server. Provide the correct ShellId or"
                + " create a new shell and retry the operation. ");
    }

    /** The text Windows sends for an unknown CommandId (test_winrs_bad_cmd_id.yml). */
    static WsmanFault unknownCommand() {
        return new WsmanFault(FaultKind.INVALID_SELECTORS, "The Windows Remote Shell received a request to perform an"
                + " operation on a command identifier that does not exist. Either the command has completed execution"
                + " or the client specified an invalid command identifier. ");
    }

    /**
     * The fault Windows sends for an OperationTimeout it cannot use, e.g. {@code PT-1S}
     * (a:InvalidMessageInformationHeader, test_psrp_is_alive_other_wsman_error.yml).
     */
    static WsmanFault invalidTimeout(String value) {
        return new WsmanFault(FaultKind.INVALID_MESSAGE_INFORMATION_HEADER, "The WS-Management service cannot process"
                + " the request. The XML contains an invalid timeout field in the SOAP header: " + value + ". ");
    }
}
