package io.certlife.renewal.issuer;

import io.certlife.renewal.Refusal;
import io.certlife.renewal.pki.IssuedCertificate;
import io.certlife.renewal.pki.PathValidation;
import io.certlife.renewal.pki.Pem;
import io.certlife.renewal.pki.PkiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each issuer's trust anchors: the CA certificates its answers must chain to (the enterprise CA, each public CA the
 * estate buys from), set by admins. An issuer without anchors accepts no answer.
 */
@ApplicationScoped
public class TrustAnchors {

    @Inject
    EntityManager entityManager;

    @Inject
    Issuers issuers;

    @Inject
    Clock clock;

    /** The issuer's anchors, oldest first. */
    @Transactional
    public List<TrustAnchorRecord> list(String issuer) {
        known(issuer);
        return entityManager.createQuery("from TrustAnchorRecord where issuer = ?1 order by addedAt, subject",
                TrustAnchorRecord.class).setParameter(1, issuer).getResultList();
    }

    /** Replaces the issuer's anchors with the CA certificates in {@code pem}. */
    @Transactional
    public List<TrustAnchorRecord> replace(String issuer, String pem, String by) {
        known(issuer);
        List<X509Certificate> certificates;
        try {
            certificates = Pem.certificates(pem == null ? "" : pem);
        } catch (PkiException e) {
            throw Refusal.invalid("the body must be PEM CA certificates: " + e.getMessage());
        }
        Map<String, X509Certificate> unique = new LinkedHashMap<>();
        for (X509Certificate certificate : certificates) {
            if (certificate.getBasicConstraints() < 0) {
                throw Refusal.invalid(certificate.getSubjectX500Principal().getName()
                        + " is not a CA certificate (no basicConstraints CA:TRUE): it cannot be a trust anchor");
            }
            unique.put(IssuedCertificate.fingerprint(certificate), certificate);
        }
        entityManager.createQuery("delete from TrustAnchorRecord where issuer = ?1").setParameter(1, issuer).executeUpdate();
        unique.forEach((fingerprint, certificate) -> {
            TrustAnchorRecord record = new TrustAnchorRecord();
            record.issuer = issuer;
            record.fingerprint = fingerprint;
            record.subject = certificate.getSubjectX500Principal().getName();
            record.notAfter = certificate.getNotAfter().toInstant();
            record.certificatePem = Pem.of(certificate);
            record.addedBy = by;
            record.addedAt = clock.instant();
            entityManager.persist(record);
        });
        return list(issuer);
    }

    /**
     * Validates a CA's answer (the leaf, then its chain) to the issuer's anchors, now.
     *
     * @throws PkiException naming why it does not validate, or that the issuer has no anchors
     */
    public void validate(String issuer, List<X509Certificate> chain) {
        List<X509Certificate> anchors = list(issuer).stream().map(r -> Pem.certificates(r.certificatePem).get(0)).toList();
        if (anchors.isEmpty()) {
            throw new PkiException("issuer " + issuer + " has no trust anchors, so no answer can be trusted: an admin sets "
                    + "the CA certificates its answers chain to (PUT /issuers/" + issuer + "/trust-anchors)");
        }
        PathValidation.validate(chain, anchors, clock.instant());
    }

    private String known(String issuer) {
        if (!issuers.names().contains(issuer)) {
            throw Refusal.notFound("no issuer " + issuer + " (one of " + issuers.names() + ")");
        }
        return issuer;
    }
}
