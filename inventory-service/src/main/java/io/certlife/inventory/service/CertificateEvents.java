package io.certlife.inventory.service;

import io.certlife.events.CertificateSummary;
import io.certlife.inventory.Certificate;

/** Translates stored certificates into the public summary that inventory events carry. */
final class CertificateEvents {

    /** The CloudEvents {@code source} of every inventory event. */
    static final String SOURCE = "/certlife/inventory";

    private CertificateEvents() {
    }

    static CertificateSummary summary(Certificate certificate) {
        return new CertificateSummary(certificate.id.toString(), certificate.thumbprintSha1,
                certificate.fingerprintSha256, certificate.subject, certificate.issuer, certificate.serialNumber,
                certificate.subjectAltNames, certificate.notBefore, certificate.notAfter, certificate.keyAlgorithm,
                certificate.keySize, certificate.signatureAlgorithm, certificate.selfSigned);
    }
}
