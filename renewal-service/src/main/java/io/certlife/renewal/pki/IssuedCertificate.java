package io.certlife.renewal.pki;

import io.certlife.events.CertificateSummary;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** The public facts of a certificate renewal made, as events carry them. */
public final class IssuedCertificate {

    private IssuedCertificate() {
    }

    public static CertificateSummary summary(UUID certificateId, X509Certificate certificate) {
        try {
            byte[] der = certificate.getEncoded();
            List<String> sans = subjectAltNames(certificate);
            return new CertificateSummary(certificateId.toString(), digest("SHA-1", der), digest("SHA-256", der),
                    certificate.getSubjectX500Principal().getName(), certificate.getIssuerX500Principal().getName(),
                    certificate.getSerialNumber().toString(16).toUpperCase(), sans, certificate.getNotBefore().toInstant(),
                    certificate.getNotAfter().toInstant(), certificate.getPublicKey().getAlgorithm().equals("RSA") ? "RSA" : "EC",
                    KeySpec.bits(certificate.getPublicKey()), certificate.getSigAlgName(),
                    certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal()));
        } catch (CertificateEncodingException e) {
            throw new PkiException("cannot read the issued certificate", e);
        }
    }

    /** The SANs of a certificate, in order. */
    public static List<String> subjectAltNames(X509Certificate certificate) {
        try {
            List<String> names = new ArrayList<>();
            if (certificate.getSubjectAlternativeNames() != null) {
                certificate.getSubjectAlternativeNames().forEach(entry -> names.add(String.valueOf(entry.get(1))));
            }
            return names;
        } catch (CertificateParsingException e) {
            throw new PkiException("the certificate's SANs are unreadable", e);
        }
    }

    /** The SHA-256 fingerprint of a certificate, upper-case hex. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return digest("SHA-256", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new PkiException("cannot read the certificate", e);
        }
    }

    private static String digest(String algorithm, byte[] der) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance(algorithm).digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
