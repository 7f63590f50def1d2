package io.certlife.renewal.issuer.internalca;

import io.certlife.events.RenewalDueV1;
import io.certlife.renewal.Renewal;
import io.certlife.renewal.config.InternalCaConfig;
import io.certlife.renewal.config.RenewalConfig;
import io.certlife.renewal.issuer.Issuer;
import io.certlife.renewal.keys.RenewalKeys;
import io.certlife.renewal.pki.CertificateTemplate;
import io.certlife.renewal.pki.Pki;
import io.certlife.renewal.policy.Validity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Renews what the internal CA issued: a leaf from the CA with a new key, its CRL and CA Issuers URLs, valid for
 * {@code certlife.internal-ca.leaf-validity} within the caps and never past the CA's own end.
 */
@ApplicationScoped
public class InternalCaIssuer implements Issuer {

    public static final String NAME = "INTERNAL_CA";

    @Inject
    InternalCa internalCa;

    @Inject
    InternalCaConfig caConfig;

    @Inject
    RenewalKeys keys;

    @Inject
    RenewalConfig config;

    @Inject
    Clock clock;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean renews(RenewalDueV1 due) {
        return due.certificatePem() != null && internalCa.issued(due.certificatePem());
    }

    @Override
    public Outcome issue(Renewal renewal) {
        InternalCa.Authority ca = internalCa.authority();
        Instant now = clock.instant();
        PublicKey key = keys.publicKey(renewal);
        Instant notAfter = Validity.notAfter(now, caConfig.leafValidity(), renewal.alignTo, config.maxValidity(),
                renewal.maxValidityDays, ca.certificate().getNotAfter().toInstant());
        X509Certificate leaf = Pki.issue(new CertificateTemplate(renewal.subject, renewal.subjectAltNames,
                now.minus(Duration.ofMinutes(5)), notAfter, renewal.clientAuth, caConfig.crlUrls().orElse(List.of()),
                caConfig.caIssuersUrls().orElse(List.of())), key, ca.certificate(), ca.keys(), ca.spec());
        return new Issued(leaf, List.of(ca.certificate()));
    }
}
