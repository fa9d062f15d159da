package dev.tapdeck.protocol.wsman;

/**
 * One {@code rsp:Stream} element of a Send or ReceiveResponse ([MS-WSMV] 2.2.4.40, 2.2.4.27).
 *
 * @param name      the stream name, e.g. {@code stdin}, {@code stdout}, {@code pr}
 * @param commandId the {@code CommandId} attribute, null when absent
 * @param end       the {@code End} attribute (xs:boolean, any case), false when absent
 * @param data      the base64-decoded content; empty for an empty element ("dummy" Sends are legal);
 *                  null when the text was not valid base64 (the reader then reports a problem)
 * @param encodedLength length of the base64 text as sent, in characters
 */
public record ShellStream(String name, String commandId, boolean end, byte[] data, int encodedLength) {

    public boolean isValid() {
        return data != null;
    }

    public int size() {
        return data == null ? 0 : data.length;
    }
}
