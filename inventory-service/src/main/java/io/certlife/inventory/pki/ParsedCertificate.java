package io.certlife.inventory.pki;

import java.time.Instant;
import java.util.List;

/** The public facts read from one X.509 certificate. */
public record ParsedCertificate(
        byte[] der,
        String thumbprintSha1,
        String fingerprintSha256,
        String subject,
        String commonName,
        String issuer,
        String serialNumber,
        List<String> subjectAltNames,
        Instant notBefore,
        Instant notAfter,
        String keyAlgorithm,
        int keySize,
        String signatureAlgorithm,
        boolean selfSigned,
        boolean certificateAuthority,
        List<String> extendedKeyUsages,
        List<String> crlDistributionPoints,
        List<String> authorityInfoAccess) {
}
