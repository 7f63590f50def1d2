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
 * Imports and updates certificates: parses all input first (so bad input writes nothing), stores the ones
 * not yet known, emits {@code CertificateDiscovered} for each new one through the outbox, and evaluates
 * the planning rules for it.
 */
@ApplicationScoped
public class CertificateService {

    /** One imported certificate and whether this import created it. */
    public record Imported(Certificate certificate, boolean created) {
    }

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    RenewalScheduler renewals;

    @Inject
    FindingsService findings;

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

    /** What an operator may tell the inventory about a certificate it cannot read from the certificate itself. */
    public record Update(Boolean privateKeyExportable, java.time.Duration renewBefore) {
    }

    @Transactional
    public Certificate update(UUID id, Update update) {
        Certificate certificate = Certificate.<Certificate>findByIdOptional(id)
                .orElseThrow(() -> new jakarta.ws.rs.NotFoundException("no certificate with id " + id));
        if (update.renewBefore() != null && (update.renewBefore().isNegative() || update.renewBefore().isZero())) {
            throw new jakarta.ws.rs.BadRequestException("renewBefore must be a positive duration, not " + update.renewBefore());
        }
        if (update.privateKeyExportable() != null) {
            certificate.privateKeyExportable = update.privateKeyExportable();
        }
        if (update.renewBefore() != null) {
            certificate.renewBeforeSeconds = update.renewBefore().toSeconds();
        }
        renewals.refresh(certificate);
        findings.evaluate(List.of(certificate.id), List.of());
        return certificate;
    }

    private Certificate store(ParsedCertificate parsed, Certificate.Source source) {
        Certificate certificate = new Certificate();
        certificate.id = UUID.randomUUID();
        certificate.thumbprintSha1 = parsed.thumbprintSha1();
        certificate.fingerprintSha256 = parsed.fingerprintSha256();
        certificate.subject = parsed.subject();
        certificate.commonName = parsed.commonName();
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
        findings.evaluate(List.of(certificate.id), List.of());
        return certificate;
    }
}
