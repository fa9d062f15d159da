package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.psrp.PsrpRule;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.rules.WsmanRule;
import dev.tapdeck.protocol.wsman.ShellStream;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;
import dev.tapdeck.protocol.xpress.CompressedStream;
import dev.tapdeck.protocol.xpress.XpressDecoded;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Pulls the PSRP payloads out of a WS-Man envelope of a PowerShell shell (protocol-notes A.4, B.4):
 * Create {@code creationXml}, each Command {@code rsp:Arguments}, the {@code rsp:Stream}s of a Send
 * (client to server) and of a ReceiveResponse (server to client), Connect {@code connectXml} and
 * ConnectResponse {@code connectResponseXml}. Streams arrive base64-decoded by the envelope reader, and are
 * decompressed here when the shell's Create asked for xpress; the text carriers are decoded here. Text that is
 * not base64 and compressed data that does not decompress are reported, not thrown.
 */
public final class PsrpPayloads {

    /**
     * One carrier's bytes.
     *
     * @param carrier   where it travelled
     * @param stream    the stream Name for SEND and RECEIVE_RESPONSE, else null
     * @param commandId the stream's CommandId attribute, else null
     * @param data      the fragments, decoded from base64; callers must not modify it
     */
    public record Payload(PsrpCarrier carrier, String stream, String commandId, byte[] data) {
    }

    /** The payloads of one envelope and the carriers that were not base64. */
    public record Extracted(List<Payload> payloads, List<Violation> violations) {
        public Extracted {
            payloads = List.copyOf(payloads);
            violations = List.copyOf(violations);
        }
    }

    private PsrpPayloads() {
    }

    /** The payloads a client request carries (Create, Command, Send, Connect); empty for other requests. */
    public static Extracted ofRequest(WsmanEnvelope request) {
        return ofRequest(request, false);
    }

    /** As {@link #ofRequest(WsmanEnvelope)}, for a shell whose streams are xpress-compressed or not. */
    public static Extracted ofRequest(WsmanEnvelope request, boolean compressed) {
        List<Payload> out = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        WsmanBody body = request.body();
        if (body instanceof WsmanBody.Shell shell && shell.creationXml() != null) {
            text(PsrpCarrier.CREATION_XML, shell.creationXml(), out, violations);
        } else if (body instanceof WsmanBody.CommandLine command) {
            for (String argument : command.arguments()) {
                text(PsrpCarrier.ARGUMENTS, argument, out, violations);
            }
        } else if (body instanceof WsmanBody.Send send) {
            streams(PsrpCarrier.SEND, send.streams(), compressed, out, violations);
        } else if (body instanceof WsmanBody.Other other && other.text() != null) {
            text(PsrpCarrier.CONNECT_XML, other.text(), out, violations);
        }
        return new Extracted(out, violations);
    }

    /** The payloads a server response carries (ReceiveResponse, ConnectResponse); empty for others. */
    public static Extracted ofResponse(WsmanEnvelope response) {
        return ofResponse(response, false);
    }

    /** As {@link #ofResponse(WsmanEnvelope)}, for a shell whose streams are xpress-compressed or not. */
    public static Extracted ofResponse(WsmanEnvelope response, boolean compressed) {
        List<Payload> out = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        WsmanBody body = response.body();
        if (body instanceof WsmanBody.ReceiveResponse received) {
            streams(PsrpCarrier.RECEIVE_RESPONSE, received.streams(), compressed, out, violations);
        } else if (body instanceof WsmanBody.Other other && other.text() != null) {
            text(PsrpCarrier.CONNECT_RESPONSE_XML, other.text(), out, violations);
        }
        return new Extracted(out, violations);
    }

    private static void streams(PsrpCarrier carrier, List<ShellStream> streams, boolean compressed, List<Payload> out,
                                List<Violation> violations) {
        for (ShellStream s : streams) {
            // invalid base64 in a stream is already a WS-Man problem (WsmanRule.STREAM_NOT_BASE64);
            // empty streams ("End" markers) carry no fragment
            if (!s.isValid() || s.size() == 0) {
                continue;
            }
            if (!compressed) {
                out.add(new Payload(carrier, s.name(), s.commandId(), s.data()));
                continue;
            }
            // [MS-WSMV] 3.1.4.1.31.6: with CompressionType xpress, the stream data of Send and ReceiveResponse is
            // compressed in chunks (protocol-notes A.9); PSRP fragments come out of the decompressed bytes
            XpressDecoded d = CompressedStream.decompress(s.data(), CompressedStream.DEFAULT_MAX_DECOMPRESSED_BYTES);
            if (d instanceof XpressDecoded.Decompressed plain) {
                out.add(new Payload(carrier, s.name(), s.commandId(), plain.data()));
            } else if (d instanceof XpressDecoded.DecompressionRejected r) {
                violations.add(new Violation(r.problem() == XpressDecoded.Problem.LIMIT_EXCEEDED
                        ? WsmanRule.STREAM_DECOMPRESSED_LIMIT : WsmanRule.STREAM_COMPRESSION_INVALID,
                        carrier.name() + " stream " + s.name() + (s.commandId() == null ? "" : " CommandId " + s.commandId()),
                        s.size() + " bytes not decoded: " + r.detail()));
            }
        }
    }

    private static void text(PsrpCarrier carrier, String text, List<Payload> out, List<Violation> violations) {
        if (text.isBlank()) {
            return;
        }
        try {
            // MIME decoding skips the line breaks and indentation some servers put in long text
            out.add(new Payload(carrier, null, null, Base64.getMimeDecoder().decode(text)));
        } catch (IllegalArgumentException e) {
            // [MS-PSRP] 3.1.5.3.1, 3.1.5.3.3: the fragments MUST be base64-encoded
            violations.add(new Violation(PsrpRule.PAYLOAD_NOT_BASE64, carrier.name(),
                    text.length() + " characters that are not base64: " + e.getMessage()));
        }
    }
}
