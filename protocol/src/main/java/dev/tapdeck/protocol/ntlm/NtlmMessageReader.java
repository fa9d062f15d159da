package dev.tapdeck.protocol.ntlm;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads NEGOTIATE, CHALLENGE and AUTHENTICATE messages ([MS-NLMP] 2.2.1). Every {@code {u16 len, u16 maxlen,
 * u32 offset}} field is checked against the token before use; hostile input gives {@link NtlmParse.Malformed},
 * never an exception.
 */
public final class NtlmMessageReader {
    /** Longest token read: NTLM messages are a few hundred bytes; the limit only stops absurd input early. */
    public static final int MAX_TOKEN_BYTES = 64 * 1024;
    static final byte[] SIGNATURE = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);
    /** OEM strings: the code page is the peer's; Latin-1 keeps every byte visible. */
    private static final Charset OEM = StandardCharsets.ISO_8859_1;

    private NtlmMessageReader() {
    }

    /** True when the bytes start with the NTLMSSP signature ([MS-NLMP] 2.2.1: Signature "NTLMSSP\0"). */
    public static boolean isNtlm(byte[] token) {
        return token.length >= SIGNATURE.length && Arrays.equals(token, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length);
    }

    public static NtlmParse read(byte[] token) {
        try {
            return new NtlmParse.Parsed(readOrFail(token));
        } catch (MalformedToken e) {
            return new NtlmParse.Malformed(e.getMessage());
        }
    }

    private static NtlmMessage readOrFail(byte[] t) {
        if (t.length > MAX_TOKEN_BYTES) {
            throw new MalformedToken("NTLM token of " + t.length + " bytes exceeds MAX_TOKEN_BYTES " + MAX_TOKEN_BYTES);
        }
        if (!isNtlm(t) || t.length < 12) {
            throw new MalformedToken("not an NTLM message: no NTLMSSP signature ([MS-NLMP] 2.2.1)");
        }
        int type = u32(t, 8);
        switch (type) {
            case 1:
                return negotiate(t);
            case 2:
                return challenge(t);
            case 3:
                return authenticate(t);
            default:
                throw new MalformedToken("unknown NTLM MessageType " + Integer.toUnsignedString(type) + " ([MS-NLMP] 2.2.1)");
        }
    }

    // [MS-NLMP] 2.2.1.1: flags @12, DomainNameFields @16, WorkstationFields @24; older clients stop after the flags
    private static NtlmMessage negotiate(byte[] t) {
        need(t, 16, "NEGOTIATE_MESSAGE");
        int flags = u32(t, 12);
        String domain = t.length >= 24 ? string(t, 16, false, "DomainName") : "";
        String workstation = t.length >= 32 ? string(t, 24, false, "Workstation") : "";
        return new NtlmMessage.Negotiate(flags, domain, workstation);
    }

    // [MS-NLMP] 2.2.1.2: TargetNameFields @12, flags @20, ServerChallenge @24, TargetInfoFields @40
    private static NtlmMessage challenge(byte[] t) {
        need(t, 32, "CHALLENGE_MESSAGE");
        int flags = u32(t, 20);
        boolean unicode = NtlmFlags.has(flags, NtlmFlags.NTLMSSP_NEGOTIATE_UNICODE);
        String target = string(t, 12, unicode, "TargetName");
        byte[] serverChallenge = Arrays.copyOfRange(t, 24, 32);
        byte[] targetInfo = t.length >= 48 ? field(t, 40, "TargetInfo") : new byte[0];
        return new NtlmMessage.Challenge(flags, target, serverChallenge, targetInfo);
    }

    // [MS-NLMP] 2.2.1.3: Lm @12, Nt @20, Domain @28, User @36, Workstation @44, EncryptedRandomSessionKey @52,
    // flags @60, Version @64, MIC @72 when the payload starts at 88 or later
    private static NtlmMessage authenticate(byte[] t) {
        need(t, 64, "AUTHENTICATE_MESSAGE");
        int flags = u32(t, 60);
        boolean unicode = NtlmFlags.has(flags, NtlmFlags.NTLMSSP_NEGOTIATE_UNICODE);
        byte[] lm = field(t, 12, "LmChallengeResponse");
        byte[] nt = field(t, 20, "NtChallengeResponse");
        String domain = string(t, 28, unicode, "DomainName");
        String user = string(t, 36, unicode, "UserName");
        String workstation = string(t, 44, unicode, "Workstation");
        byte[] key = field(t, 52, "EncryptedRandomSessionKey");
        long payloadStart = t.length;
        for (int at = 12; at <= 52; at += 8) {
            if (u16(t, at) > 0) {
                payloadStart = Math.min(payloadStart, u32(t, at + 4) & 0xffffffffL);
            }
        }
        byte[] mic = payloadStart >= 88 && t.length >= 88 ? Arrays.copyOfRange(t, 72, 88) : new byte[0];
        return new NtlmMessage.Authenticate(lm, nt, domain, user, workstation, key, flags, mic);
    }

    private static void need(byte[] t, int length, String what) {
        if (t.length < length) {
            throw new MalformedToken(what + " of " + t.length + " bytes is shorter than its fixed " + length
                + "-byte header ([MS-NLMP] 2.2.1)");
        }
    }

    /** A {u16 Len, u16 MaxLen, u32 BufferOffset} field ([MS-NLMP] 2.2.1): the bytes it points to, bounds-checked. */
    static byte[] field(byte[] t, int at, String name) {
        int len = u16(t, at);
        long offset = u32(t, at + 4) & 0xffffffffL;
        if (len == 0) {
            return new byte[0];
        }
        if (offset + len > t.length) {
            throw new MalformedToken(name + " at offset " + offset + " with length " + len + " runs past the "
                + t.length + "-byte token ([MS-NLMP] 2.2.1)");
        }
        return Arrays.copyOfRange(t, (int) offset, (int) offset + len);
    }

    private static String string(byte[] t, int at, boolean unicode, String name) {
        byte[] raw = field(t, at, name);
        if (unicode && raw.length % 2 != 0) {
            throw new MalformedToken(name + " has an odd length " + raw.length + " for UTF-16LE ([MS-NLMP] 2.2.2.5 flag A)");
        }
        return new String(raw, unicode ? StandardCharsets.UTF_16LE : OEM);
    }

    static int u16(byte[] t, int at) {
        return (t[at] & 0xff) | (t[at + 1] & 0xff) << 8;
    }

    static int u32(byte[] t, int at) {
        return (t[at] & 0xff) | (t[at + 1] & 0xff) << 8 | (t[at + 2] & 0xff) << 16 | (t[at + 3] & 0xff) << 24;
    }

    /** Internal signal, always caught in {@link #read}. */
    private static final class MalformedToken extends RuntimeException {
        MalformedToken(String message) {
            super(message, null, false, false);
        }
    }
}
