package dev.tapdeck.recorder.redact;

import dev.tapdeck.protocol.xpress.CompressedStream;
import dev.tapdeck.protocol.xpress.XpressDecoded;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code rsp:Stream}s of shells whose Create carried {@code rsp:CompressionType} xpress ([MS-WSMV]
 * 3.1.4.1.31.6, protocol-notes A.9): their PSRP fragments are only visible once decompressed, so a redactor that
 * did not know would record SecureStrings and host responses compressed, i.e. in clear for anyone with a
 * decompressor. This class remembers those shells (bounded) and redacts such a stream: decompressed, its
 * messages redacted by {@link PsrpPayloadRedactor} as uncompressed data would be, and written back as STORED
 * chunks (equal sizes: no compressor is needed, and the recording still decodes to the redacted messages). A
 * stream that does not decompress is recorded empty and counted, never kept. Pure; not thread-safe.
 */
final class XpressStreamRedactor {
    /** Most compressed shells remembered; the least recently used is forgotten past it. */
    static final int MAX_SHELLS = 256;

    private final Map<String, Boolean> compressedShells = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_SHELLS;
        }
    };
    private final Redactions redactions;
    /** The last request was a Create asking for xpress: its CreateResponse may name the ShellId the server chose. */
    private boolean createPending;

    XpressStreamRedactor(Redactions redactions) {
        this.redactions = redactions;
    }

    /** A request body was read whole: remembers its shell when it is a Create that asked for xpress. */
    void requestRead(boolean create, String compressionType, String shellId) {
        // protocol-notes A.9: "xpress" is the only CompressionType [MS-WSMV] defines
        createPending = create && "xpress".equalsIgnoreCase(compressionType == null ? null : compressionType.trim());
        if (createPending) {
            remember(shellId);
        }
    }

    /** The answer to the last request was read whole: a CreateResponse's ShellId ([MS-WSMV] 3.1.4.1.31) counts too. */
    void responseRead(String shellId) {
        if (createPending) {
            remember(shellId);
            createPending = false;
        }
    }

    boolean anyCompressed() {
        return !compressedShells.isEmpty();
    }

    boolean compressed(String shellId) {
        return shellId != null && compressedShells.get(key(shellId)) != null;
    }

    /**
     * One compressed stream's data redacted: the same array when no message changed, STORED chunks of the
     * redacted bytes when one did, empty when it did not decompress; null when its decompressed bytes are not
     * whole PSRP fragments (left as they came, like an uncompressed stream that is not PSRP).
     */
    byte[] redact(String stream, byte[] data, PsrpPayloadRedactor psrp) {
        XpressDecoded d = CompressedStream.decompress(data, CompressedStream.DEFAULT_MAX_DECOMPRESSED_BYTES);
        if (!(d instanceof XpressDecoded.Decompressed plain)) {
            // nothing tells what the stream holds: fail safe
            redactions.count(RedactionKind.COMPRESSED_STREAM_DROPPED);
            return new byte[0];
        }
        byte[] redacted = psrp.redact(stream, plain.data());
        if (redacted == null || redacted == plain.data()) {
            return redacted == null ? null : data;
        }
        return storedChunks(redacted);
    }

    /**
     * {@code bytes} framed as STORED chunks of at most {@link CompressedStream#MAX_CHUNK_BYTES}: both sizes equal,
     * each written one less as [MS-WSMV] note 134 requires (u16 little-endian).
     */
    static byte[] storedChunks(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + CompressedStream.HEADER_BYTES
                * (bytes.length / CompressedStream.MAX_CHUNK_BYTES + 1));
        for (int at = 0; at < bytes.length; at += CompressedStream.MAX_CHUNK_BYTES) {
            int size = Math.min(CompressedStream.MAX_CHUNK_BYTES, bytes.length - at);
            for (int i = 0; i < 2; i++) { // OriginalSize - 1, then CompressedSize - 1
                out.write((size - 1) & 0xff);
                out.write((size - 1) >>> 8 & 0xff);
            }
            out.write(bytes, at, size);
        }
        return out.toByteArray();
    }

    private void remember(String shellId) {
        if (shellId != null && !shellId.isBlank()) {
            compressedShells.put(key(shellId), Boolean.TRUE);
        }
    }

    /** ShellIds are GUIDs, compared without case (as the tap's ShellState does). */
    private static String key(String shellId) {
        return shellId.trim().toUpperCase(Locale.ROOT);
    }
}
