package io.certlife.inventory.discovery;

import io.certlife.inventory.Certificate;
import io.certlife.inventory.Slot;
import io.certlife.inventory.config.DiscoveryConfig;
import io.certlife.inventory.pki.CertificatePem;
import io.certlife.inventory.service.CertificateService;
import io.certlife.inventory.service.Deployments;
import io.certlife.inventory.service.FindingsService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What discovery saw on one endpoint: the served certificate is imported, the observation recorded (one row per
 * endpoint), and, for a slot, compared with its intended certificate: a pending replacement seen served becomes the
 * intended one; anything else served is a {@code SERVED_CERTIFICATE_MISMATCH} finding.
 */
@ApplicationScoped
public class Observations {

    @Inject
    CertificateService certificates;

    @Inject
    FindingsService findings;

    @Inject
    Deployments deployments;

    @Inject
    DiscoveryConfig config;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    /** Records one probe's result in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public DiscoveryService.EndpointReport record(TlsProbe.Result result) {
        Endpoint endpoint = result.endpoint();
        String thumbprint = null;
        String subject = null;
        Boolean matches = null;
        if (result.ok() && !result.chain().isEmpty()) {
            Certificate served = certificates.importCertificates(
                    List.of(new CertificateService.NamedInput(endpoint.toString(), CertificatePem.of(result.chain().stream().map(Observations::der).toList()).getBytes())),
                    null, Certificate.Source.DISCOVERY).certificates().get(0).certificate();
            thumbprint = served.thumbprintSha1;
            subject = served.subject;
            if (endpoint.server() != null) {
                matches = compareWithSlot(endpoint, served);
            }
        }
        String service = endpoint.service() == null ? null : endpoint.service().name();
        entityManager.createNativeQuery("""
                        insert into {h-schema}observation (endpoint, server, service, thumbprint_sha1, error, observed_at)
                        values (:endpoint, :server, :service, :thumbprint, :error, :at)
                        on conflict (endpoint) do update set server = excluded.server, service = excluded.service,
                          thumbprint_sha1 = excluded.thumbprint_sha1, error = excluded.error, observed_at = excluded.observed_at""")
                .setParameter("endpoint", endpoint + (service == null ? "" : "/" + service))
                .setParameter("server", endpoint.server())
                .setParameter("service", service)
                .setParameter("thumbprint", thumbprint)
                .setParameter("error", result.error())
                .setParameter("at", OffsetDateTime.now(clock))
                .executeUpdate();
        return new DiscoveryService.EndpointReport(endpoint.toString(), endpoint.server(), service, thumbprint, subject,
                matches, result.reason(), result.error());
    }

    /** Forgets what endpoints served that were not probed within {@code certlife.discovery.observation-retention}. */
    @Transactional
    public int purge(java.time.Instant now) {
        return entityManager.createNativeQuery("delete from {h-schema}observation where observed_at < :cutoff")
                .setParameter("cutoff", OffsetDateTime.ofInstant(now.minus(config.observationRetention()), java.time.ZoneOffset.UTC))
                .executeUpdate();
    }

    /** Promotes a pending replacement that is now served; returns whether the served certificate is the intended one. */
    private boolean compareWithSlot(Endpoint endpoint, Certificate served) {
        Slot slot = Slot.findById(new Slot.Key(endpoint.server(), endpoint.service().name()));
        if (slot == null || slot.retired) {
            return true;
        }
        if (served.id.equals(slot.pendingCertificateId)) {
            deployments.verified(slot, served);
        }
        boolean matches = served.id.equals(slot.certificateId);
        findings.observed(slot, matches ? null : served);
        return matches;
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
