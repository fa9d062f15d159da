package dev.tapdeck.protocol.clixml;

import dev.tapdeck.protocol.clixml.ClixmlDecoded.ClixmlParsed;
import dev.tapdeck.protocol.clixml.ClixmlDecoded.ClixmlRejected;
import dev.tapdeck.protocol.wsman.DecodeProblem;
import dev.tapdeck.protocol.wsman.DecodeProblem.Kind;
import dev.tapdeck.protocol.wsman.XmlLimits;
import dev.tapdeck.protocol.xml.BoundedXmlReader;
import dev.tapdeck.protocol.xml.XmlRejected;
import java.nio.charset.StandardCharsets;

/**
 * Reads CLIXML ([MS-PSRP] 2.2.5) into {@link PsValue}s with the shared hardened StAX reader
 * ({@link BoundedXmlReader}: no DTD, every size bounded): PSRP message Data (one root value), or a whole
 * {@code <Objs>} document, optionally after a {@code #< CLIXML} line. Element names are matched
 * without regard to namespace (PSRP Data has none; full documents use {@code …/powershell/2004/04}).
 * {@code <TNRef>} and {@code <Ref>} are resolved against earlier elements of the same document.
 * Never throws: hostile or malformed input gives {@link ClixmlRejected} naming the problem or the limit.
 */
public final class ClixmlReader {
    /** Sized for PSRP messages (reassembled Data up to the defragmenter's 16 MiB default). */
    public static final XmlLimits DEFAULT_LIMITS = new XmlLimits(16 * 1024 * 1024, 100, 16 * 1024 * 1024, 1_000_000, 16);

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] CLIXML_PREFIX = "#< CLIXML".getBytes(StandardCharsets.US_ASCII);

    private final XmlLimits limits;

    public ClixmlReader(XmlLimits limits) {
        this.limits = limits;
    }

    public ClixmlReader() {
        this(DEFAULT_LIMITS);
    }

    public ClixmlDecoded read(String xml) {
        return read(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads UTF-8 bytes; a leading BOM and a {@code #< CLIXML} first line are skipped. */
    public ClixmlDecoded read(byte[] utf8) {
        int start = startsWith(utf8, 0, BOM) ? BOM.length : 0;
        if (startsWith(utf8, start, CLIXML_PREFIX)) {
            while (start < utf8.length && utf8[start] != '\n') {
                start++;
            }
        }
        try (BoundedXmlReader r = BoundedXmlReader.open(utf8, start, utf8.length - start, limits)) {
            return new ClixmlParsed(new ClixmlParser(new XmlCursor(r)).document());
        } catch (XmlRejected e) {
            return new ClixmlRejected(e.problem());
        } catch (RuntimeException e) { // a StAX implementation fault must not escape a tap
            return rejected(Kind.MALFORMED_XML, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static ClixmlRejected rejected(Kind kind, String detail) {
        return new ClixmlRejected(new DecodeProblem(kind, detail));
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (b.length - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
