package dev.tapdeck.protocol.psrp;

import dev.tapdeck.protocol.rules.Rule;
import dev.tapdeck.protocol.rules.RuleText;
import dev.tapdeck.protocol.rules.Severity;

/**
 * PSRP rule catalogue (design principle 3: rules are data). The framing rules are checked by the codecs
 * themselves: fragments ([MS-PSRP] 2.2.4, 3.1.5.1.1) and the message header ([MS-PSRP] 2.2.1). The session
 * rules (which WS-Man carrier may hold which message, Send and Receive targeting, the RunspacePool state
 * machine; protocol-notes E, R1 to R13 and W1 to W3) are checked by {@code dev.tapdeck.protocol.session}.
 * Where real Windows traffic departs from the specification the rule is a notice.
 */
public enum PsrpRule implements Rule {
    // --- fragments, one at a time ([MS-PSRP] 2.2.4) ---
    FRAGMENT_TRUNCATED("MS-PSRP 2.2.4", Severity.VIOLATION,
            "An individual fragment MUST be sent in a single WS-MAN packet: header and blob must be complete"),
    /** A notice, not a violation: Windows accepts larger blobs, and pypsrp sends them (113,919 bytes in the corpus). */
    BLOB_LENGTH_EXCEEDED("MS-PSRP 2.2.4", Severity.NOTICE,
            "BlobLength MUST be less than or equal to 32768 (real servers accept larger blobs)"),
    RESERVED_FLAGS_SET("MS-PSRP 2.2.4", Severity.VIOLATION,
            "The 6 reserved bits of the fragment flags MUST be set to 0"),

    // --- fragments of one message, across WS-Man messages ([MS-PSRP] 2.2.4, 3.1.5.1.1, 3.1.5.1.2) ---
    OBJECT_ID_ZERO("MS-PSRP 2.2.4", Severity.VIOLATION,
            "ObjectId MUST be greater than 0"),
    START_FRAGMENT_ID_NOT_ZERO("MS-PSRP 2.2.4", Severity.VIOLATION,
            "The Start fragment MUST have a FragmentId of 0"),
    START_FLAG_MISSING("MS-PSRP 2.2.4", Severity.VIOLATION,
            "The fragment with FragmentId 0 is the Start fragment: its S flag MUST be 1"),
    FRAGMENT_WITHOUT_START("MS-PSRP 2.2.4", Severity.VIOLATION,
            "A fragment that is not a Start fragment must continue a message whose Start fragment was seen"),
    FRAGMENT_ID_NOT_ASCENDING("MS-PSRP 2.2.4", Severity.VIOLATION,
            "FragmentIds of one ObjectId MUST be numbered consecutively from 0 and sent in ascending order"),
    START_WHILE_OPEN("MS-PSRP 2.2.4", Severity.VIOLATION,
            "A new Start fragment MUST NOT reuse the ObjectId of a message whose End fragment has not been seen"),
    END_FRAGMENT_MISSING("MS-PSRP 2.2.4", Severity.WARNING,
            "Every fragmented message ends with an End fragment (E flag 1); this one never did"),

    // --- message header ([MS-PSRP] 2.2.1) ---
    MESSAGE_TOO_SHORT("MS-PSRP 2.2.1", Severity.VIOLATION,
            "A PSRP message has a 40-byte header (Destination, MessageType, RPID, PID) before its Data"),
    DESTINATION_INVALID("MS-PSRP 2.2.1", Severity.VIOLATION,
            "Destination MUST be 0x00000001 (client) or 0x00000002 (server)"),
    DESTINATION_MISMATCH("MS-PSRP 2.2.1", Severity.VIOLATION,
            "Messages sent by the client have Destination 2 (server); messages sent by the server have Destination 1"),
    MESSAGE_TYPE_UNKNOWN("MS-PSRP 2.2.1", Severity.WARNING,
            "MessageType is not one of the values listed in [MS-PSRP] 2.2.1"),
    MESSAGE_TYPE_WRONG_DIRECTION("MS-PSRP 2.2.1", Severity.VIOLATION,
            "Each MessageType travels only in the direction [MS-PSRP] 2.2.1 gives it"),
    MESSAGE_DATA_MALFORMED("MS-PSRP 2.2.5", Severity.WARNING,
            "The Data of the message is the CLIXML object its MessageType calls for"),

    // --- which WS-Man carrier holds which message ([MS-PSRP] 3.1.5.3; protocol-notes E R1 to R5) ---
    PAYLOAD_NOT_BASE64("MS-PSRP 3.1.5.3.1, 3.1.5.3.3, 3.1.5.3.14", Severity.VIOLATION,
            "creationXml, Command Arguments and connectXml carry base64-encoded fragments"),
    CREATION_XML_MESSAGE_NOT_ALLOWED("MS-PSRP 3.1.5.3.1", Severity.VIOLATION,
            "Only SESSION_CAPABILITY and INIT_RUNSPACEPOOL are sent in the creationXml of a Create"),
    SESSION_CAPABILITY_NOT_FIRST("MS-PSRP 3.1.5.3.1, 3.1.5.4.1.1", Severity.VIOLATION,
            "SESSION_CAPABILITY MUST be the first message a client sends to a RunspacePool"),
    COMMAND_MESSAGE_NOT_ALLOWED("MS-PSRP 3.1.5.3.3", Severity.VIOLATION,
            "Command Arguments carry only the first fragment of a CREATE_PIPELINE or GET_COMMAND_METADATA"),
    COMMAND_NOT_EMPTY("MS-PSRP 3.1.5.3.3", Severity.VIOLATION,
            "The rsp:Command of a PSRP Command MUST be empty"),
    SEND_MESSAGE_NOT_ALLOWED("MS-PSRP 3.1.5.3.5", Severity.VIOLATION,
            "Only SESSION_CAPABILITY, INIT_RUNSPACEPOOL, PUBLIC_KEY, SET_MAX_RUNSPACES, SET_MIN_RUNSPACES, CREATE_PIPELINE, "
                    + "GET_AVAILABLE_RUNSPACES, RUNSPACEPOOL_HOST_RESPONSE, PIPELINE_INPUT, END_OF_PIPELINE_INPUT and "
                    + "PIPELINE_HOST_RESPONSE are sent with a Send"),
    /** A notice: Windows answers it with SendResponse (corpus: test_psrp_reset_runspace_state*.yml). */
    RESET_RUNSPACE_STATE_IN_SEND("MS-PSRP 3.1.5.3.5, 3.1.5.4.31", Severity.NOTICE,
            "RESET_RUNSPACE_STATE travels in a Send, which 3.1.5.3.5 does not list; Windows accepts it"),
    SEND_STREAM_NAME_INVALID("MS-PSRP 3.1.5.3.5", Severity.VIOLATION,
            "The Name of a PSRP Send stream MUST be stdin or pr"),
    HOST_RESPONSE_NOT_ON_PR("MS-PSRP 3.1.5.1.1", Severity.WARNING,
            "RUNSPACEPOOL_HOST_RESPONSE and PIPELINE_HOST_RESPONSE fragments SHOULD be sent on the pr stream"),
    SEND_PIPELINE_COMMANDID_MISSING("MS-PSRP 3.1.5.3.5, 3.1.5.3.3", Severity.VIOLATION,
            "A Send targeted to a pipeline (its input, or the rest of its CREATE_PIPELINE) MUST carry the CommandId"),
    SEND_RUNSPACEPOOL_COMMANDID_PRESENT("MS-PSRP 3.1.5.3.5", Severity.VIOLATION,
            "A Send targeted to a RunspacePool MUST NOT carry a CommandId"),
    /** A notice: pypsrp sends host responses so and Windows routes them by PID (corpus: test_psrp_pshost_*.yml). */
    PIPELINE_HOST_RESPONSE_TO_RUNSPACEPOOL("MS-PSRP 3.1.5.3.5", Severity.NOTICE,
            "A PIPELINE_HOST_RESPONSE travels on the RunspacePool's pr stream without CommandId; Windows routes it by PID"),
    PID_NOT_COMMAND("MS-PSRP 3.1.1.1.2, 3.1.5.3.4", Severity.VIOLATION,
            "A pipeline message carries the PID of the pipeline that its stream's CommandId names"),
    SEND_OUTSTANDING("MS-PSRP 3.1.5.3.5", Severity.VIOLATION,
            "Only one Send may be outstanding per RunspacePool and per pipeline until its SendResponse or Fault"),
    CONNECT_MESSAGE_NOT_ALLOWED("MS-PSRP 3.1.5.3.14", Severity.VIOLATION,
            "Only SESSION_CAPABILITY and CONNECT_RUNSPACEPOOL are sent in the connectXml of a Connect"),

    // --- Receive, ReceiveResponse and Signal ([MS-PSRP] 3.1.5.3.7 to 3.1.5.3.9; R10 to R12, W2) ---
    RECEIVE_STREAM_NOT_STDOUT("MS-PSRP 3.1.5.3.7", Severity.VIOLATION,
            "The DesiredStream of a PSRP Receive MUST be stdout"),
    RECEIVE_UNKNOWN_PIPELINE("MS-PSRP 3.1.5.3.7", Severity.NOTICE,
            "Receive for a CommandId this proxy has not seen started; the server faults with w:InvalidSelectors"),
    RECEIVE_RESPONSE_STREAM_NOT_STDOUT("MS-PSRP 3.1.5.3.8", Severity.VIOLATION,
            "The server sends PSRP data only on the stdout stream of a ReceiveResponse"),
    RECEIVE_RESPONSE_UNSOLICITED("MS-PSRP 3.2.5.3.8", Severity.VIOLATION,
            "A ReceiveResponse is sent only in answer to a Receive"),
    RECEIVE_TARGET_MISMATCH("MS-PSRP 3.1.5.3.8, 2.2.1", Severity.VIOLATION,
            "Pipeline messages travel on streams with a CommandId, RunspacePool messages on streams without"),
    /** A notice (W2): the normal answer to a long poll. */
    RECEIVE_TIMED_OUT("MS-WSMV 3.1.4.14", Severity.NOTICE,
            "w:TimedOut answers a Receive that had no output before its OperationTimeout; the client polls again"),
    SIGNAL_CODE_INVALID("MS-PSRP 3.1.5.3.9", Severity.VIOLATION,
            "A Signal to a pipeline carries powershell/signal/crtl_c (sent as ctrl_c on the wire)"),
    /** A notice: pypsrp closes pipelines with the WinRS Terminate signal and Windows accepts it. */
    SIGNAL_TERMINATE("MS-PSRP 3.1.5.3.9, MS-WSMV 2.2.4.38", Severity.NOTICE,
            "A PSRP pipeline is signalled with the WinRS Terminate code instead of powershell/signal/crtl_c"),

    // --- RunspacePool state machine ([MS-PSRP] 3.1.5.1, 3.1.5.4; R13) ---
    RUNSPACEPOOL_NOT_OPENED("MS-PSRP 3.1.5.4", Severity.VIOLATION,
            "A client sends RunspacePool requests and pipelines only while the RunspacePool is Opened"),
    RUNSPACEPOOL_CLOSED("MS-PSRP 3.1.5.1", Severity.VIOLATION,
            "Nothing but a Delete is sent to a RunspacePool that is Closed or Broken"),

    // --- identities (W1, W3): real clients and servers depart from the text ---
    /** A notice: old pypsrp wrote RFC 4122 order (accepted), and a protocol-2.1 server chose its own ShellId. */
    RPID_NOT_SHELLID("MS-PSRP 2.2.1, 3.1.5.3.1", Severity.NOTICE,
            "The RPID of a message is the ShellId of its RunspacePool (either GUID byte order is accepted)"),
    /** A notice: Windows sends SESSION_CAPABILITY and ENCRYPTED_SESSION_KEY so (corpus: 53 of 53). */
    RPID_ZERO("MS-PSRP 2.2.1", Severity.NOTICE,
            "The server sent a RunspacePool message with an all-zero RPID"),
    /** A notice: the protocol-2.1 server of test_psrp_run_protocol_version_2.1.yml returns its own CommandId. */
    COMMANDID_NOT_PID("MS-PSRP 3.1.5.3.4", Severity.NOTICE,
            "The server chose a CommandId other than the pipeline's PID; the two are correlated through the CommandResponse");

    private final RuleText text;

    PsrpRule(String section, Severity severity, String description) {
        this.text = new RuleText(section, severity, description);
    }

    @Override
    public String id() {
        return "PsrpRule." + name();
    }

    @Override
    public RuleText text() {
        return text;
    }
}
