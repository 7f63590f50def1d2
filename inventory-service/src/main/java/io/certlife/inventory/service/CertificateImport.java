package io.certlife.inventory.service;

import io.certlife.delivery.Outbox;
import io.certlife.events.CertificateDiscoveredV1;
import io.certlife.events.CloudEvent;
import io.certlife.inventory.Certificate;
import io.certlife.inventory.pki.CertificateReader;
import io.certlife.inventory.pki.ParsedCertificate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Imports certificates: parses all input first (so bad input writes nothing), stores the ones not yet
 * known, and emits {@code CertificateDiscovered} for each new one through the outbox.
 */
@ApplicationScoped
public class CertificateImport {

    /** One imported certificate and whether this import created it. */
    public record Imported(Certificate certificate, boolean created) {
    }

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    RenewalScheduler renewals;

    @Transactional
    public List<Imported> importCertificates(byte[] input, Certificate.Source source) {
        List<ParsedCertificate> parsed = CertificateReader.read(input);
        List<Imported> result = new ArrayList<>(parsed.size());
        for (ParsedCertificate certificate : parsed) {
            result.add(Certificate.findByThumbprint(certificate.thumbprintSha1())
                    .map(existing -> new Imported(existing, false))
                    .orElseGet(() -> new Imported(store(certificate, source), true)));
        }
        return result;
    }

    private Certificate store(ParsedCertificate parsed, Certificate.Source source) {
        Certificate certificate = new Certificate();
        certificate.id = UUID.randomUUID();
        certificate.thumbprintSha1 = parsed.thumbprintSha1();
        certificate.fingerprintSha256 = parsed.fingerprintSha256();
        certificate.subject = parsed.subject();
        certificate.issuer = parsed.issuer();
        certificate.serialNumber = parsed.serialNumber();
        certificate.subjectAltNames = parsed.subjectAltNames();
        certificate.notBefore = parsed.notBefore();
        certificate.notAfter = parsed.notAfter();
        certificate.keyAlgorithm = parsed.keyAlgorithm();
        certificate.keySize = parsed.keySize();
        certificate.signatureAlgorithm = parsed.signatureAlgorithm();
        certificate.selfSigned = parsed.selfSigned();
        certificate.der = parsed.der();
        certificate.certificateAuthority = parsed.certificateAuthority();
        certificate.extendedKeyUsages = parsed.extendedKeyUsages();
        certificate.crlDistributionPoints = parsed.crlDistributionPoints();
        certificate.authorityInfoAccess = parsed.authorityInfoAccess();
        certificate.chainThumbprints = List.of();
        certificate.source = source;
        certificate.createdAt = clock.instant();
        renewals.refresh(certificate);
        certificate.persist();
        outbox.publish(CloudEvent.create(CertificateEvents.SOURCE, certificate.id.toString(),
                new CertificateDiscoveredV1(CertificateEvents.summary(certificate), source.name()), clock));
        renewals.noticeIfDue(certificate, clock.instant());
        return certificate;
    }
}
