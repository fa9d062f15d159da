package dev.tapdeck.protocol.corpus;

import dev.tapdeck.protocol.session.ShellKind;
import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.wsman.WsmanAction;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;
import dev.tapdeck.protocol.xpress.CompressedStream;
import dev.tapdeck.protocol.xpress.XpressDecoded;
import dev.tapdeck.protocol.xpress.XpressTestCompressor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compressed twins of real PSRP sessions. No real compressed traffic exists (protocol-notes F), so a twin is made:
 * {@code rsp:CompressionType} xpress in the PowerShell Creates, and every Send and ReceiveResponse stream of those
 * shells compressed by {@link XpressTestCompressor} and framed as [MS-WSMV] says.
 */
public final class XpressTwins {
    public static final Pattern STREAM = Pattern.compile("(<(?:\\w+:)?Stream\\b[^>]*>)([^<]+)(</(?:\\w+:)?Stream>)");
    private static final Pattern HEADER_END = Pattern.compile("</(\\w+):Header>");
    private static final String SHELL_NS = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell";
    private static final EnvelopeReader READER = new EnvelopeReader();

    private XpressTwins() {
    }

    /**
     * The compressed twin of a recording; null when it opens no PowerShell shell.
     *
     * @param announce whether the Creates get {@code rsp:CompressionType} xpress
     * @param framed   told each stream's plain size and its framed bytes
     */
    public static Recording twin(Recording r, boolean announce, BiConsumer<Integer, byte[]> framed) {
        Set<String> shells = new HashSet<>();
        List<RecordedExchange> out = new ArrayList<>();
        UnaryOperator<byte[]> compress = body -> mapStreams(body, data -> {
            byte[] f = XpressTestCompressor.frame(data);
            framed.accept(data.length, f);
            return f;
        });
        for (RecordedExchange e : r.exchanges()) {
            WsmanEnvelope request = parse(e.request());
            byte[] req = e.request();
            byte[] resp = e.response();
            if (request.body() instanceof WsmanBody.Shell shell && ShellKind.of(request.header().resourceUri()) == ShellKind.POWERSHELL) {
                req = announce ? announce(req) : req;
                WsmanEnvelope created = resp == null ? null : parse(resp);
                shells.add(key(created != null && created.body() instanceof WsmanBody.CreateResponse c && c.shellId() != null
                        ? c.shellId() : shell.shellId()));
            } else if (request.header().shellId().map(id -> shells.contains(key(id))).orElse(false)) {
                if (request.action() == WsmanAction.Send) {
                    req = compress.apply(req);
                } else if (request.action() == WsmanAction.Receive && resp != null) {
                    resp = compress.apply(resp);
                }
            }
            out.add(new RecordedExchange(e.index(), e.declaredAction(), req, resp, e.transportErrorCode()));
        }
        return shells.isEmpty() ? null : new Recording(r.name(), r.file(), out);
    }

    /** {@code body} with the data of each {@code Stream} element replaced by {@code f} of it (base64 both ways). */
    public static byte[] mapStreams(byte[] body, UnaryOperator<byte[]> f) {
        Matcher m = STREAM.matcher(new String(body, StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            byte[] data = Base64.getMimeDecoder().decode(m.group(2).trim());
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + Base64.getEncoder().encodeToString(f.apply(data)) + m.group(3)));
        }
        m.appendTail(sb);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Stream data decompressed ([MS-WSMV] framing); data that does not decompress is kept as it is. */
    public static byte[] decompressed(byte[] data) {
        XpressDecoded d = CompressedStream.decompress(data, CompressedStream.DEFAULT_MAX_DECOMPRESSED_BYTES);
        return d instanceof XpressDecoded.Decompressed plain ? plain.data() : data;
    }

    private static byte[] announce(byte[] create) {
        String xml = new String(create, StandardCharsets.UTF_8);
        Matcher m = HEADER_END.matcher(xml);
        if (!m.find()) {
            throw new IllegalArgumentException("a Create without a Header");
        }
        String s = m.group(1);
        String header = "<rsp:CompressionType xmlns:rsp=\"" + SHELL_NS + "\" " + s + ":mustUnderstand=\"true\">xpress</rsp:CompressionType>";
        return (xml.substring(0, m.start()) + header + xml.substring(m.start())).getBytes(StandardCharsets.UTF_8);
    }

    private static WsmanEnvelope parse(byte[] body) {
        return ((EnvelopeDecoded.EnvelopeParsed) READER.read(body)).envelope();
    }

    private static String key(String shellId) {
        return shellId == null ? "" : shellId.trim().toUpperCase(Locale.ROOT);
    }
}
