package dev.tapdeck.protocol.ntlm;

import dev.tapdeck.protocol.ws.Direction;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import javax.crypto.Cipher;

/**
 * The NTLM session security of one connection ([MS-NLMP] 3.4): per direction a signing key, an RC4 handle
 * initialised once and never reset, and a sequence number. Messages must be fed in wire order per direction:
 * one missed message desynchronises RC4 and every later signature fails (protocol-notes D.3 step 7).
 * Only extended session security is supported (what NTLMv2 clients negotiate); see {@link #supports}.
 * Not thread-safe: one connection, one event loop.
 */
public final class NtlmSealing {
    /** [MS-NLMP] 2.2.2.9.2: Version (4) + Checksum (8) + SeqNum (4). */
    public static final int SIGNATURE_LENGTH = 16;

    private final int flags;
    private final Map<Direction, Half> halves = new EnumMap<>(Direction.class);

    /** One direction: SigningKey, SealingKey handle, SeqNum ([MS-NLMP] 3.4.1 abstract data model). */
    private static final class Half {
        final byte[] signKey;
        final Cipher rc4;
        int seqNum;

        Half(byte[] signKey, Cipher rc4) {
            this.signKey = signKey;
            this.rc4 = rc4;
        }
    }

    /** A decrypted message: the plaintext, whether its signature verified, and the sequence number it was checked with. */
    public record Unsealed(byte[] plaintext, boolean signatureValid, int seqNum) {
    }

    /** A sealed message: the 16-byte signature and the ciphertext (same length as the plaintext). */
    public record Sealed(byte[] signature, byte[] ciphertext) {
    }

    public NtlmSealing(int negotiateFlags, byte[] exportedSessionKey) {
        this.flags = negotiateFlags;
        for (Direction d : Direction.values()) {
            halves.put(d, new Half(NtlmCrypto.signKey(exportedSessionKey, d),
                NtlmCrypto.rc4(NtlmCrypto.sealKey(negotiateFlags, exportedSessionKey, d))));
        }
    }

    /**
     * Whether these flags give the session security implemented here: SEAL with extended session security.
     * Without ESS ([MS-NLMP] 3.4.4.1) the signature uses CRC32 and a shared RC4 handle: not implemented.
     */
    public static boolean supports(int flags) {
        return NtlmFlags.has(flags, NtlmFlags.NTLMSSP_NEGOTIATE_SEAL)
            && NtlmFlags.has(flags, NtlmFlags.NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY);
    }

    public int negotiateFlags() {
        return flags;
    }

    /** [MS-NLMP] 3.4.7 GSS_UnwrapEx: decrypt with the direction's RC4, then check the signature (3.4.4.2). */
    public Unsealed unseal(Direction direction, byte[] signature, byte[] ciphertext) {
        Half h = halves.get(direction);
        byte[] plain = h.rc4.update(ciphertext);
        plain = plain == null ? new byte[0] : plain;
        int seq = h.seqNum;
        byte[] expected = sign(h, plain);
        return new Unsealed(plain, MessageDigest.isEqual(expected, signature), seq);
    }

    /** [MS-NLMP] 3.4.6 GSS_WrapEx: the server side of the embedded WinRM server, and tests. */
    public Sealed seal(Direction direction, byte[] plaintext) {
        Half h = halves.get(direction);
        byte[] sealed = h.rc4.update(plaintext);
        sealed = sealed == null ? new byte[0] : sealed;
        return new Sealed(sign(h, plaintext), sealed);
    }

    // [MS-NLMP] 3.4.4.2: Checksum = HMAC_MD5(SigningKey, SeqNum + Message)[0..7], RC4'd with the same handle
    // when KEY_EXCH; Signature = Version 1 | Checksum | SeqNum; then SeqNum += 1
    private byte[] sign(Half h, byte[] plain) {
        byte[] seq = le32(h.seqNum);
        byte[] checksum = Arrays.copyOf(NtlmCrypto.hmacMd5(h.signKey, seq, plain), 8);
        if (NtlmFlags.has(flags, NtlmFlags.NTLMSSP_NEGOTIATE_KEY_EXCH)) {
            checksum = h.rc4.update(checksum);
        }
        h.seqNum++;
        byte[] sig = new byte[SIGNATURE_LENGTH];
        sig[0] = 1;
        System.arraycopy(checksum, 0, sig, 4, 8);
        System.arraycopy(seq, 0, sig, 12, 4);
        return sig;
    }

    static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }
}
