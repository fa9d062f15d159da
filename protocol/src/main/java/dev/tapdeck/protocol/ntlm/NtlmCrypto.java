package dev.tapdeck.protocol.ntlm;

import dev.tapdeck.protocol.ws.Direction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.MD4Digest;

/**
 * The NTLMv2 cryptographic functions of [MS-NLMP] 3.3.2 and 3.4.5 and Appendix A. MD4 comes from BouncyCastle
 * (the JDK has none), MD5, HMAC-MD5 and RC4 ("ARCFOUR", SunJCE) from the JDK. RC4 is disabled for TLS by
 * {@code jdk.tls.disabledAlgorithms}, which does not touch {@code Cipher}.
 */
public final class NtlmCrypto {

    private NtlmCrypto() {
    }

    public static byte[] md4(byte[] data) {
        MD4Digest d = new MD4Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[16];
        d.doFinal(out, 0);
        return out;
    }

    public static byte[] md5(byte[]... parts) {
        MessageDigest md = jdk(() -> MessageDigest.getInstance("MD5"));
        for (byte[] p : parts) {
            md.update(p);
        }
        return md.digest();
    }

    public static byte[] hmacMd5(byte[] key, byte[]... parts) {
        Mac mac = jdk(() -> Mac.getInstance("HmacMD5"));
        jdk(() -> {
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            return null;
        });
        for (byte[] p : parts) {
            mac.update(p);
        }
        return mac.doFinal();
    }

    /** An RC4 handle ([MS-NLMP] RC4Init): its keystream continues across calls to {@link Cipher#update}. */
    public static Cipher rc4(byte[] key) {
        Cipher c = jdk(() -> Cipher.getInstance("ARCFOUR"));
        jdk(() -> {
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ARCFOUR"));
            return null;
        });
        return c;
    }

    /** RC4K(K, D): a one-shot RC4 with a fresh key. */
    public static byte[] rc4k(byte[] key, byte[] data) {
        return rc4(key).update(data);
    }

    /** [MS-NLMP] 3.3.1: NTOWFv1(Passwd) = MD4(UNICODE(Passwd)). */
    public static byte[] ntowfV1(String password) {
        return md4(password.getBytes(StandardCharsets.UTF_16LE));
    }

    /** [MS-NLMP] 3.3.2: NTOWFv2 = HMAC_MD5(MD4(UNICODE(Passwd)), UNICODE(ConcatenationOf(Uppercase(User), UserDom))). */
    public static byte[] ntowfV2(byte[] ntHash, String user, String domain) {
        return hmacMd5(ntHash, (user.toUpperCase(Locale.ROOT) + domain).getBytes(StandardCharsets.UTF_16LE));
    }

    /** [MS-NLMP] 3.3.2: NTProofStr = HMAC_MD5(ResponseKeyNT, ConcatenationOf(CHALLENGE_MESSAGE.ServerChallenge, temp)). */
    public static byte[] ntProofStr(byte[] responseKeyNt, byte[] serverChallenge, byte[] temp) {
        return hmacMd5(responseKeyNt, serverChallenge, temp);
    }

    /** [MS-NLMP] 3.3.2: SessionBaseKey = HMAC_MD5(ResponseKeyNT, NTProofStr); for NTLMv2 KXKEY returns it unchanged (3.4.5.1). */
    public static byte[] sessionBaseKey(byte[] responseKeyNt, byte[] ntProofStr) {
        return hmacMd5(responseKeyNt, ntProofStr);
    }

    /**
     * [MS-NLMP] 3.2.5.1.2 / 3.1.5.1.2: with KEY_EXCH (and SIGN or SEAL) ExportedSessionKey = RC4K(KeyExchangeKey,
     * EncryptedRandomSessionKey), else the KeyExchangeKey itself.
     */
    public static byte[] exportedSessionKey(int flags, byte[] keyExchangeKey, byte[] encryptedRandomSessionKey) {
        boolean keyExch = NtlmFlags.has(flags, NtlmFlags.NTLMSSP_NEGOTIATE_KEY_EXCH)
            && (NtlmFlags.has(flags, NtlmFlags.NTLMSSP_NEGOTIATE_SIGN) || NtlmFlags.has(flags, NtlmFlags.NTLMSSP_NEGOTIATE_SEAL));
        return keyExch && encryptedRandomSessionKey.length == 16 ? rc4k(keyExchangeKey, encryptedRandomSessionKey)
            : keyExchangeKey.clone();
    }

    /** [MS-NLMP] 3.4.5.2: SIGNKEY with extended session security. */
    public static byte[] signKey(byte[] exportedSessionKey, Direction direction) {
        return md5(exportedSessionKey, magic(direction, "signing"));
    }

    /** [MS-NLMP] 3.4.5.3: SEALKEY with extended session security; 56- and 40-bit keys are cut first. */
    public static byte[] sealKey(int flags, byte[] exportedSessionKey, Direction direction) {
        byte[] key;
        if (NtlmFlags.has(flags, NtlmFlags.NTLMSSP_NEGOTIATE_128)) {
            key = exportedSessionKey;
        } else if (NtlmFlags.has(flags, NtlmFlags.NTLMSSP_NEGOTIATE_56)) {
            key = Arrays.copyOf(exportedSessionKey, 7);
        } else {
            key = Arrays.copyOf(exportedSessionKey, 5);
        }
        return md5(key, magic(direction, "sealing"));
    }

    // "session key to client-to-server signing key magic constant" and its siblings, NUL-terminated
    private static byte[] magic(Direction direction, String purpose) {
        return ("session key to " + direction + " " + purpose + " key magic constant\0").getBytes(StandardCharsets.US_ASCII);
    }

    private interface JdkCall<T> {
        T call() throws GeneralSecurityException;
    }

    /** MD5, HMAC-MD5 and ARCFOUR are mandatory in SunJCE: their absence is a broken JDK, not hostile input. */
    private static <T> T jdk(JdkCall<T> call) {
        try {
            return call.call();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK crypto unavailable: " + e.getMessage(), e);
        }
    }
}
