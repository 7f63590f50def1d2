package io.certlife.inventory.pki;

import java.util.Base64;
import java.util.List;

/** Certificates as PEM, one CERTIFICATE block each, in the order given. */
public final class CertificatePem {

    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, "\n".getBytes());

    private CertificatePem() {
    }

    public static String of(List<byte[]> ders) {
        StringBuilder pem = new StringBuilder();
        for (byte[] der : ders) {
            pem.append("-----BEGIN CERTIFICATE-----\n").append(BASE64.encodeToString(der)).append("\n-----END CERTIFICATE-----\n");
        }
        return pem.toString();
    }
}
