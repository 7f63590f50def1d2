package io.certlife.inventory.service;

import io.certlife.inventory.Certificate;
import io.certlife.inventory.pki.CertificateParseException;
import io.certlife.inventory.pki.CertificateReader;
import io.certlife.inventory.pki.ChainTrust;
import io.certlife.inventory.pki.ParsedCertificate;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The estate's trust anchors and the stored fact they decide: whether each certificate chains to one
 * ({@link Certificate#trusted}, null when it cannot be told). A certificate's own claims (issuer name, self-signed)
 * stay what it says; this is the separate fact findings read ({@code UNTRUSTED_CHAIN}). Decided at import, again for
 * the certificates a newly imported CA certificate issued, and for every certificate when the anchors change.
 */
@ApplicationScoped
public class TrustAnchors {

    static final int PAGE = 500;

    @Inject
    EntityManager entityManager;

    @Inject
    FindingsService findings;

    /** The anchors, as DER. */
    @SuppressWarnings("unchecked")
    public List<byte[]> list() {
        return entityManager.createNativeQuery("select der from {h-schema}trust_anchor order by thumbprint_sha1").getResultList();
    }

    /** Replaces the anchors with the CA certificates in {@code pem} and decides every certificate again. */
    @Transactional
    public List<ParsedCertificate> replace(byte[] pem, CertificateReader.Limits limits) {
        List<ParsedCertificate> anchors = CertificateReader.read(pem, null, limits).certificates();
        for (ParsedCertificate anchor : anchors) {
            if (!anchor.certificateAuthority() && !anchor.selfSigned()) {
                throw new CertificateParseException(anchor.subject() + " is not a CA certificate: a trust anchor is a root or CA");
            }
        }
        entityManager.createNativeQuery("delete from {h-schema}trust_anchor").executeUpdate();
        for (ParsedCertificate anchor : anchors) {
            entityManager.createNativeQuery("insert into {h-schema}trust_anchor (thumbprint_sha1, der) values (:t, :der) "
                            + "on conflict do nothing")
                    .setParameter("t", anchor.thumbprintSha1()).setParameter("der", anchor.der()).executeUpdate();
        }
        List<X509Certificate> stored = anchors();
        for (int page = 0; ; page++) {
            List<Certificate> certificates = Certificate.<Certificate>findAll(Sort.by("id")).page(page, PAGE).list();
            decide(certificates, stored);
            if (certificates.size() < PAGE) {
                break;
            }
        }
        return anchors;
    }

    /** Removes every anchor: no certificate's trust can be told any more. */
    @Transactional
    public void clear() {
        entityManager.createNativeQuery("delete from {h-schema}trust_anchor").executeUpdate();
        @SuppressWarnings("unchecked")
        List<UUID> untrusted = entityManager.createNativeQuery("select id from {h-schema}certificate where trusted = false", UUID.class)
                .getResultList();
        entityManager.createNativeQuery("update {h-schema}certificate set trusted = null where trusted is not null").executeUpdate();
        entityManager.clear();
        if (!untrusted.isEmpty()) {
            findings.evaluate(untrusted, List.of());
        }
    }

    /** Decides {@code certificates} (just stored), and again those a CA among them issued that could not be told before. */
    public void decide(List<Certificate> certificates) {
        List<X509Certificate> anchors = anchors();
        decide(certificates, anchors);
        for (Certificate authority : certificates.stream().filter(c -> c.certificateAuthority).toList()) {
            decide(Certificate.list("issuer = ?1 and trusted is null and id <> ?2", authority.subject, authority.id), anchors);
        }
    }

    private void decide(List<Certificate> certificates, List<X509Certificate> anchors) {
        List<UUID> changed = new ArrayList<>();
        for (Certificate certificate : certificates) {
            Boolean trusted = ChainTrust.trusted(CertificateReader.x509(certificate.der), TrustAnchors::authoritiesNamed, anchors);
            if (!Objects.equals(trusted, certificate.trusted)) {
                certificate.trusted = trusted;
                changed.add(certificate.id);
            }
        }
        if (!changed.isEmpty()) {
            findings.evaluate(changed, List.of());
        }
    }

    private static List<X509Certificate> authoritiesNamed(String subject) {
        return Certificate.<Certificate>list("certificateAuthority = true and subject = ?1", subject).stream()
                .map(c -> CertificateReader.x509(c.der)).toList();
    }

    private List<X509Certificate> anchors() {
        return list().stream().map(CertificateReader::x509).toList();
    }
}
