package dev.tapdeck.protocol.psrp;

import dev.tapdeck.protocol.rules.Rule;
import dev.tapdeck.protocol.rules.Severity;

/**
 * PSRP rule catalogue (design principle 3: rules are data). This first part holds the framing rules the
 * codecs check themselves: fragments ([MS-PSRP] 2.2.4, 3.1.5.1.1) and the message header ([MS-PSRP] 2.2.1).
 * Session rules (which carrier may hold which message, Send targeting, state machine) belong to the
 * session layer and are added here later.
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
            "Each MessageType travels only in the direction [MS-PSRP] 2.2.1 gives it");

    private final String section;
    private final Severity severity;
    private final String description;

    PsrpRule(String section, Severity severity, String description) {
        this.section = section;
        this.severity = severity;
        this.description = description;
    }

    @Override
    public String id() {
        return "PsrpRule." + name();
    }

    @Override
    public String section() {
        return section;
    }

    @Override
    public Severity severity() {
        return severity;
    }

    @Override
    public String description() {
        return description;
    }
}
