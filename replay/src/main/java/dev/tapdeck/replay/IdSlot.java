package dev.tapdeck.replay;

import java.util.HexFormat;
import java.util.Locale;

/**
 * One place where a request or response carries an id that differs between sessions: a GUID in XML text
 * or an attribute (ShellId, CommandId, SessionId…), or the RPID/PID bytes of a PSRP message header.
 *
 * @param path     the field that holds it (for reports)
 * @param bytes    a 16-byte PSRP header value rather than GUID text
 * @param key      comparison key: lower-case GUID text, or hex of the 16 bytes
 * @param original the value as it appeared (case kept), or the hex of the bytes
 */
public record IdSlot(String path, boolean bytes, String key, String original) {

    static IdSlot text(String path, String guid) {
        return new IdSlot(path, false, guid.toLowerCase(Locale.ROOT), guid);
    }

    static IdSlot bytes(String path, byte[] raw) {
        String hex = HexFormat.of().formatHex(raw);
        return new IdSlot(path, true, hex, hex);
    }
}
