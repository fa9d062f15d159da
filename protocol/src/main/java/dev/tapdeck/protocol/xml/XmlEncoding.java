package dev.tapdeck.protocol.xml;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tapdeck.protocol.wsman.DecodeProblem.Kind;

/**
 * Turns body bytes into characters before the parser sees them, strictly: a malformed byte sequence is
 * a {@code MALFORMED_XML} problem naming its byte offset.
 *
 * <p>Why not let the parser decode: the JDK parser prints {@code [Fatal Error] … Invalid byte 1 of
 * 1-byte UTF-8 sequence} to {@code System.err} for every malformed byte sequence (its StAX error reporter
 * does not cover that path), so hostile bodies would flood the proxy's stderr.
 *
 * <p>Encoding detection follows XML 1.0 Appendix F: a byte order mark, else the first bytes of
 * {@code <?xml} in UTF-16, else the {@code encoding} of the XML declaration, else UTF-8 (WS-Management
 * traffic is UTF-8 or UTF-16).
 */
public final class XmlEncoding {
    private static final Pattern DECLARED = Pattern.compile(
            "^<\\?xml[^>]*?\\sencoding\\s*=\\s*[\"']([A-Za-z][A-Za-z0-9._-]*)[\"']");
    private static final int DECLARATION_MAX = 200;

    private XmlEncoding() {
    }

    /** The characters of {@code length} bytes of {@code bytes} from {@code offset}, without a byte order mark. */
    public static CharBuffer decode(byte[] bytes, int offset, int length) throws XmlRejected {
        Detected d = detect(bytes, offset, length);
        return decode(d.charset(), ByteBuffer.wrap(bytes, offset + d.bom(), length - d.bom()), d.bom());
    }

    /**
     * The encoding of a body and the length of its byte order mark (0 when none), detected as
     * {@link #decode} does: for a writer that must re-encode an edited body the way it came.
     */
    public record Detected(Charset charset, int bom) {
    }

    public static Detected detect(byte[] bytes, int offset, int length) throws XmlRejected {
        int bom = 0;
        Charset charset;
        if (startsWith(bytes, offset, length, 0xEF, 0xBB, 0xBF)) {
            bom = 3;
            charset = StandardCharsets.UTF_8;
        } else if (startsWith(bytes, offset, length, 0xFE, 0xFF)) {
            bom = 2;
            charset = StandardCharsets.UTF_16BE;
        } else if (startsWith(bytes, offset, length, 0xFF, 0xFE)) {
            bom = 2;
            charset = StandardCharsets.UTF_16LE;
        } else if (startsWith(bytes, offset, length, 0x00, 0x3C)) {
            charset = StandardCharsets.UTF_16BE;
        } else if (startsWith(bytes, offset, length, 0x3C, 0x00)) {
            charset = StandardCharsets.UTF_16LE;
        } else {
            charset = declared(bytes, offset, length);
        }
        return new Detected(charset, bom);
    }

    private static CharBuffer decode(Charset charset, ByteBuffer in, int bom) throws XmlRejected {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(in.remaining() * (double) decoder.maxCharsPerByte()) + 1);
        int start = in.position();
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new XmlRejected(Kind.MALFORMED_XML, "malformed XML: invalid " + charset.name()
                    + " byte sequence at byte offset " + (in.position() - start + bom));
        }
        return out.flip();
    }

    /** The charset named by the XML declaration of an ASCII-compatible body, UTF-8 when none is named. */
    private static Charset declared(byte[] bytes, int offset, int length) throws XmlRejected {
        int n = Math.min(length, DECLARATION_MAX);
        if (n < 5 || bytes[offset] != '<' || bytes[offset + 1] != '?') {
            return StandardCharsets.UTF_8;
        }
        Matcher m = DECLARED.matcher(new String(bytes, offset, n, StandardCharsets.ISO_8859_1));
        if (!m.find()) {
            return StandardCharsets.UTF_8;
        }
        try {
            Charset c = Charset.forName(m.group(1));
            // a declaration read as ASCII cannot switch to UTF-16 or another non-ASCII-compatible charset
            return c.equals(StandardCharsets.UTF_16) || c.equals(StandardCharsets.UTF_16BE)
                    || c.equals(StandardCharsets.UTF_16LE) ? StandardCharsets.UTF_8 : c;
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new XmlRejected(Kind.MALFORMED_XML, "malformed XML: unsupported encoding '" + m.group(1) + "'");
        }
    }

    private static boolean startsWith(byte[] bytes, int offset, int length, int... prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[offset + i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
