package io.certlife.renewal.issuer.selfsigned;

import io.certlife.events.RenewalDueV1;
import io.certlife.renewal.Renewal;
import io.certlife.renewal.config.RenewalConfig;
import io.certlife.renewal.issuer.Issuer;
import io.certlife.renewal.keys.RenewalKeys;
import io.certlife.renewal.pki.CertificateTemplate;
import io.certlife.renewal.pki.KeySpec;
import io.certlife.renewal.pki.Pki;
import io.certlife.renewal.policy.Validity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Renews a self-signed certificate as Exchange's own: a one-year clone with a new key, or aligned to a date, within the
 * caps ({@code certlife.renewal.self-signed-validity}, {@code max-validity}).
 */
@ApplicationScoped
public class SelfSignedIssuer implements Issuer {

    public static final String NAME = "SELF_SIGNED";

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
        return due.certificate().selfSigned();
    }

    /** A self-signed certificate is signed with its own private key, which a server's CSR does not give. */
    @Override
    public boolean takesServerKeys() {
        return false;
    }

    @Override
    public Outcome issue(Renewal renewal) {
        Instant now = clock.instant();
        var pair = keys.create(renewal);
        Instant notAfter = Validity.notAfter(now, config.selfSignedValidity(), renewal.alignTo, config.maxValidity(),
                renewal.maxValidityDays, null);
        return new Issued(Pki.selfSigned(new CertificateTemplate(renewal.subject, renewal.subjectAltNames,
                now.minus(Duration.ofMinutes(5)), notAfter, renewal.clientAuth, List.of(), List.of()), pair,
                KeySpec.of(renewal.keyAlgorithm, renewal.keySize)), List.of());
    }
}
