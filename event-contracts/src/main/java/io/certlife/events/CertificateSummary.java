package io.certlife.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The public facts of a certificate that events carry; never any key material. */
public record CertificateSummary(
        String certificateId,
        String thumbprintSha1,
        String fingerprintSha256,
        String subject,
        String issuer,
        String serialNumber,
        List<String> subjectAltNames,
        Instant notBefore,
        Instant notAfter,
        String keyAlgorithm,
        int keySize,
        String signatureAlgorithm,
        boolean selfSigned) {

    public CertificateSummary {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(thumbprintSha1, "thumbprintSha1");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        subjectAltNames = subjectAltNames == null ? List.of() : List.copyOf(subjectAltNames);
    }
}
