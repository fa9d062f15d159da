package dev.tapdeck.proxy;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A self-signed certificate for a local HTTPS listener ({@code "selfSigned": true}): an RSA key, valid for
 * 30 days, for {@code localhost}, the loopback addresses and the listener's host. The key and certificate go
 * into a PKCS#12 file readable by its owner only, the certificate also into a PEM file a client can trust
 * (pywinrm: {@code ca_trust_path}); the SHA-256 fingerprint is printed at startup so a user can compare it.
 *
 * @param keyStore    the PKCS#12 file with the key and certificate
 * @param password    its (random) password
 * @param certificate the certificate alone, PEM
 * @param sha256      SHA-256 fingerprint of the certificate, upper-case hex pairs joined by ':'
 */
public record SelfSignedCertificate(Path keyStore, String password, Path certificate, String sha256) {
    static final Duration VALIDITY = Duration.ofDays(30);

    /** Generates a certificate for {@code host} (and the loopback names) into {@code dir}, files named after {@code name}. */
    public static SelfSignedCertificate generate(String host, Path dir, String name) throws IOException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, new SecureRandom());
            KeyPair pair = g.generateKeyPair();
            X500Name subject = new X500Name("CN=Tapdeck local proxy (" + host + ")");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names(host).toArray(GeneralName[]::new)));
            // its own issuer: a client that trusts this file trusts exactly this certificate
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            String password = HexFormat.of().formatHex(randomBytes(16));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("tapdeck", pair.getPrivate(), password.toCharArray(), new Certificate[]{cert});
            Files.createDirectories(dir);
            Path p12 = privateFile(dir.resolve(name + ".p12"));
            try (OutputStream out = Files.newOutputStream(p12)) {
                ks.store(out, password.toCharArray());
            }
            Path pem = dir.resolve(name + ".pem");
            Files.writeString(pem, pem(cert), StandardCharsets.US_ASCII);
            return new SelfSignedCertificate(p12, password, pem, fingerprint(cert));
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IOException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of the DER encoding, as browsers and {@code openssl x509 -fingerprint -sha256} show it. */
    static String fingerprint(X509Certificate cert) throws GeneralSecurityException {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        List<String> pairs = new ArrayList<>();
        for (byte x : d) {
            pairs.add(String.format(Locale.ROOT, "%02X", x));
        }
        return String.join(":", pairs);
    }

    private static List<GeneralName> names(String host) {
        Set<String> dns = new LinkedHashSet<>(List.of("localhost"));
        Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
        if (host != null && !host.isEmpty() && !host.equals("0.0.0.0") && !host.equals("::")) {
            (isIp(host) ? ips : dns).add(host);
        }
        List<GeneralName> names = new ArrayList<>();
        dns.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        ips.forEach(i -> names.add(new GeneralName(GeneralName.iPAddress, i)));
        return names;
    }

    private static boolean isIp(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private static Path privateFile(Path p) throws IOException {
        Files.deleteIfExists(p);
        try {
            return Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createFile(p); // not a POSIX file system
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static String pem(X509Certificate cert) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
