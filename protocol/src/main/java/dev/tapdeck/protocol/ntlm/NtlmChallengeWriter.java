package dev.tapdeck.protocol.ntlm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the CHALLENGE_MESSAGE of a server ([MS-NLMP] 2.2.1.2, 3.2.5.1.1), for the embedded WinRM server:
 * the flags it accepts from the client's NEGOTIATE, an 8-byte nonce, and a TargetInfo with the NetBIOS names.
 */
public final class NtlmChallengeWriter {
    /** What the server side implements: NTLMv2 with extended session security, 128-bit keys, key exchange. */
    static final int SUPPORTED = NtlmFlags.NTLMSSP_NEGOTIATE_UNICODE | NtlmFlags.NTLMSSP_REQUEST_TARGET
        | NtlmFlags.NTLMSSP_NEGOTIATE_SIGN | NtlmFlags.NTLMSSP_NEGOTIATE_SEAL | NtlmFlags.NTLMSSP_NEGOTIATE_NTLM
        | NtlmFlags.NTLMSSP_NEGOTIATE_ALWAYS_SIGN | NtlmFlags.NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY
        | NtlmFlags.NTLMSSP_NEGOTIATE_128 | NtlmFlags.NTLMSSP_NEGOTIATE_KEY_EXCH | NtlmFlags.NTLMSSP_NEGOTIATE_56;

    private NtlmChallengeWriter() {
    }

    /** [MS-NLMP] 3.2.5.1.1: the server answers with the client's flags it supports, plus TARGET_INFO and TARGET_TYPE. */
    public static int flagsFor(NtlmMessage.Negotiate negotiate) {
        return (negotiate.negotiateFlags() & SUPPORTED) | NtlmFlags.NTLMSSP_NEGOTIATE_TARGET_INFO
            | NtlmFlags.NTLMSSP_TARGET_TYPE_SERVER | NtlmFlags.NTLMSSP_NEGOTIATE_UNICODE;
    }

    public static byte[] write(int flags, byte[] serverChallenge, String computerName) {
        byte[] name = computerName.getBytes(StandardCharsets.UTF_16LE);
        // [MS-NLMP] 2.2.2.1: MsvAvNbDomainName (2) and MsvAvNbComputerName (1), then MsvAvEOL
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        avPair(info, 2, name);
        avPair(info, 1, name);
        avPair(info, 0, new byte[0]);
        byte[] targetInfo = info.toByteArray();
        int payload = 48;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(NtlmMessageReader.SIGNATURE);
        out.writeBytes(NtlmSealing.le32(2));
        fields(out, name.length, payload);
        out.writeBytes(NtlmSealing.le32(flags));
        out.writeBytes(serverChallenge);
        out.writeBytes(new byte[8]);
        fields(out, targetInfo.length, payload + name.length);
        out.writeBytes(name);
        out.writeBytes(targetInfo);
        return out.toByteArray();
    }

    private static void fields(ByteArrayOutputStream out, int length, int offset) {
        out.write(length & 0xff);
        out.write(length >> 8);
        out.write(length & 0xff);
        out.write(length >> 8);
        out.writeBytes(NtlmSealing.le32(offset));
    }

    private static void avPair(ByteArrayOutputStream out, int id, byte[] value) {
        out.write(id);
        out.write(0);
        out.write(value.length & 0xff);
        out.write(value.length >> 8);
        out.writeBytes(value);
    }
}
