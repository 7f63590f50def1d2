package io.certlife.renewal.pki;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;

/** The key types renewal makes: RSA 2048/3072/4096 and EC P-256/P-384. */
public enum KeySpec {
    RSA_2048("RSA", 2048), RSA_3072("RSA", 3072), RSA_4096("RSA", 4096), EC_P256("EC", 256), EC_P384("EC", 384);

    private final String algorithm;
    private final int size;

    KeySpec(String algorithm, int size) {
        this.algorithm = algorithm;
        this.size = size;
    }

    public String algorithm() {
        return algorithm;
    }

    public int size() {
        return size;
    }

    /** The JCA signature algorithm used with this key. */
    public String signatureAlgorithm() {
        return switch (this) {
            case RSA_2048, RSA_3072, RSA_4096 -> "SHA256withRSA";
            case EC_P256 -> "SHA256withECDSA";
            case EC_P384 -> "SHA384withECDSA";
        };
    }

    /** The size of a public key in bits: the RSA modulus, or the EC field size. The one place it is computed. */
    public static int bits(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        throw new PkiException("unsupported key type " + key.getAlgorithm() + " (supported: RSA, EC)");
    }

    /** The spec of an existing key (a configured CA's, say). */
    public static KeySpec of(PublicKey key) {
        return of(key instanceof RSAPublicKey ? "RSA" : "EC", bits(key));
    }

    /** The spec for an algorithm and size as the inventory reports them; unknown combinations are refused. */
    public static KeySpec of(String algorithm, int size) {
        return Arrays.stream(values()).filter(k -> k.algorithm.equalsIgnoreCase(algorithm) && k.size == size).findFirst()
                .orElseThrow(() -> new PkiException("unsupported key " + algorithm + " " + size
                        + " (supported: RSA 2048/3072/4096, EC 256/384)"));
    }
}
