package dev.tapdeck.protocol.wsman;

/**
 * Limits the StAX readers enforce (design principle 6: every size has a limit with a clear error).
 *
 * @param maxBytes       largest body read, in bytes
 * @param maxDepth       deepest element nesting
 * @param maxTextChars   longest single text value (one base64 stream, one creationXml)
 * @param maxElements    most elements in one document
 * @param maxAttributes  most attributes on one element
 */
public record XmlLimits(int maxBytes, int maxDepth, int maxTextChars, int maxElements, int maxAttributes) {
    /**
     * Defaults sized for WinRM: envelopes are bounded by MaxEnvelopeSize (150 to 500 KiB on real servers,
     * protocol-notes A.8); 8 MiB leaves room for odd clients without letting one body exhaust memory.
     */
    public static final XmlLimits DEFAULT = new XmlLimits(8 * 1024 * 1024, 64, 8 * 1024 * 1024, 100_000, 256);
}
