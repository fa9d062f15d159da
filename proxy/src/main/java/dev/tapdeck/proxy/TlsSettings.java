package dev.tapdeck.proxy;

import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;

import java.nio.file.Path;
import java.util.Locale;

/** TLS of a listener (HTTPS toward the clients) and of a route's upstream (HTTPS or wss toward the server). */
public final class TlsSettings {
    private TlsSettings() {
    }

    /**
     * How a listener speaks HTTPS: a given certificate (PEM {@code cert} and {@code key}, or a PKCS#12 file with
     * its password), or a self-signed one generated at startup for local use.
     */
    public record Listener(Path cert, Path key, Path pkcs12, String pkcs12Password, boolean selfSigned) {
        public Listener {
            int ways = (cert != null || key != null ? 1 : 0) + (pkcs12 != null ? 1 : 0) + (selfSigned ? 1 : 0);
            if (ways != 1) {
                throw new IllegalArgumentException("a TLS listener needs exactly one of: cert and key (PEM), "
                        + "pkcs12 (with its password), selfSigned");
            }
            if ((cert == null) != (key == null)) {
                throw new IllegalArgumentException("a PEM certificate needs its key, and a key its certificate");
            }
        }

        public static Listener pem(Path cert, Path key) {
            return new Listener(cert, key, null, null, false);
        }

        public static Listener pkcs12(Path file, String password) {
            return new Listener(null, null, file, password, false);
        }

        public static Listener generated() {
            return new Listener(null, null, null, null, true);
        }

        /** The Vert.x key material; a self-signed listener passes the certificate generated for it. */
        KeyCertOptions keyCert(SelfSignedCertificate generated) {
            if (selfSigned) {
                return new PfxOptions().setPath(generated.keyStore().toString()).setPassword(generated.password());
            }
            if (pkcs12 != null) {
                return new PfxOptions().setPath(pkcs12.toString()).setPassword(pkcs12Password);
            }
            return new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString());
        }
    }

    /**
     * How a route checks its upstream's certificate: against the system trust store (no {@code trust}), or a
     * given one (PEM certificates, or PKCS#12 with an optional password), with the host name checked; or not
     * at all when {@code insecure} (explicit, logged at startup and in every recording header).
     */
    public record Upstream(Path trust, String trustPassword, boolean insecure) {
        public static final Upstream SYSTEM = new Upstream(null, null, false);
        public static final Upstream INSECURE = new Upstream(null, null, true);

        public Upstream {
            if (insecure && trust != null) {
                throw new IllegalArgumentException("a route either verifies its upstream against a trust store or is "
                        + "insecure, not both");
            }
        }

        public static Upstream trusting(Path file, String password) {
            return new Upstream(file, password, false);
        }

        /** Vert.x client options for one connection to the upstream. */
        ClientSSLOptions clientOptions() {
            ClientSSLOptions o = new ClientSSLOptions();
            if (insecure) {
                return o.setTrustAll(true).setHostnameVerificationAlgorithm("");
            }
            o.setHostnameVerificationAlgorithm("HTTPS"); // RFC 2818 host name check, as browsers do
            if (trust != null) {
                String name = trust.getFileName().toString().toLowerCase(Locale.ROOT);
                o.setTrustOptions(name.endsWith(".p12") || name.endsWith(".pfx") || name.endsWith(".pkcs12")
                        ? new PfxOptions().setPath(trust.toString()).setPassword(trustPassword)
                        : new PemTrustOptions().addCertPath(trust.toString()));
            }
            return o;
        }

        /** For the console and the recording header. */
        public String describe() {
            return insecure ? "NOT VERIFIED (insecure)" : trust == null ? "verified (system trust store)"
                    : "verified against " + trust;
        }
    }
}
