package dev.tapdeck.protocol.session;

/**
 * A PSRP message the tap decoded from one WS-Man message, for the console, the recording and the
 * dashboards. Derived data: it never holds the Data itself, only a bounded summary (host responses are
 * summarised only when redaction is off, SecureStrings never).
 *
 * @param carrier       the WS-Man element its last fragment travelled in
 * @param stream        the stream Name for Send and ReceiveResponse, else null
 * @param commandId     the stream's CommandId, else null
 * @param type          the MessageType name ([MS-PSRP] 2.2.1), {@code UNKNOWN(0x…)} when not listed
 * @param destination   the Destination field (1 client, 2 server)
 * @param rpid          the RPID as a GUID, in the byte order the RunspacePool's client uses
 * @param pid           the PID as a GUID in that order, null for RunspacePool messages (all-zero PID)
 * @param objectId      the fragments' ObjectId
 * @param fragmentCount how many fragments carried it
 * @param length        the message length in bytes (header and Data)
 * @param summary       a bounded summary of the Data (the command line of a CREATE_PIPELINE, a state…),
 *                      null when there is nothing to say
 */
public record PsrpMessageDecoded(PsrpCarrier carrier, String stream, String commandId, String type, int destination,
                                 String rpid, String pid, long objectId, long fragmentCount, int length, String summary) {
}
