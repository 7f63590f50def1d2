package io.certlife.inventory.rest;

import io.certlife.inventory.Certificate;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A certificate as the API shows it. */
public record CertificateView(
        UUID id,
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
        Boolean privateKeyExportable,
        Boolean trusted,
        List<String> extendedKeyUsages,
        List<String> crlDistributionPoints,
        List<String> authorityInfoAccess,
        List<String> chainThumbprints,
        String source,
        int generation,
        UUID replacesId,
        Instant renewalTime) {

    static CertificateView of(Certificate c) {
        return new CertificateView(c.id, c.thumbprintSha1, c.fingerprintSha256, c.subject, c.commonName, c.issuer,
                c.serialNumber, c.subjectAltNames, c.notBefore, c.notAfter, c.keyAlgorithm, c.keySize, c.signatureAlgorithm,
                c.selfSigned, c.certificateAuthority, c.privateKeyExportable, c.trusted, c.extendedKeyUsages, c.crlDistributionPoints,
                c.authorityInfoAccess, c.chainThumbprints, c.source.name(), c.generation, c.replacesId, c.renewalAt);
    }
}
