package io.certlife.renewal.issuer.acme;

import io.certlife.events.CertificateSummary;
import io.certlife.events.KeyCustody;
import io.certlife.events.RenewalDueV1;
import io.certlife.renewal.Renewal;
import io.certlife.renewal.config.AcmeConfig;
import io.certlife.renewal.issuer.Issuer;
import io.certlife.renewal.keys.RenewalKeys;
import io.certlife.renewal.pki.Csr;
import io.certlife.renewal.pki.KeySpec;
import io.certlife.renewal.pki.Pem;
import io.certlife.renewal.policy.IssuerNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;

/**
 * Renews through an ACME CA (RFC 8555) without a person in the loop: every name of the certificate must lie in a
 * zone of {@code certlife.acme.zones}, proven by dns-01 (RFC 2136 or an operator's TXT record). The attempt makes
 * the request (certlife's new key, or the server's own CSR for custody ON_SERVER) and opens an {@link AcmeOrder};
 * {@code service.AcmeProgress} carries the order through the CA outside any consumer's transaction. IP addresses
 * cannot be proven by dns-01, so a certificate naming one is left to the next issuer.
 */
@ApplicationScoped
public class AcmeIssuer implements Issuer {

    public static final String NAME = "ACME";

    @Inject
    AcmeConfig config;

    @Inject
    ChallengeDns dns;

    @Inject
    RenewalKeys keys;

    @Inject
    Clock clock;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean renews(RenewalDueV1 due) {
        CertificateSummary old = due.certificate();
        List<String> names = IssuerNames.names(old.subject(), old.subjectAltNames());
        return config.directory().isPresent() && !names.isEmpty()
                && names.stream().allMatch(name -> !IssuerNames.isIpAddress(name) && dns.zoneOf(name).isPresent());
    }

    @Override
    public Outcome issue(Renewal renewal) {
        String csr;
        if (renewal.keyCustody == KeyCustody.ON_SERVER) {
            keys.publicKey(renewal);
            csr = renewal.csrPem;
        } else {
            KeySpec spec = KeySpec.of(renewal.keyAlgorithm, renewal.keySize);
            csr = Pem.of(Csr.create(renewal.subject, renewal.subjectAltNames, keys.create(renewal), spec));
        }
        if (AcmeOrder.findByIdOptional(renewal.id).isEmpty()) {
            AcmeOrder.start(renewal.id, clock.instant()).persist();
        }
        return new Ordered(csr);
    }

    /** The names to order, in the plan's order (the CN last when no SAN repeats it). */
    public static List<String> names(Renewal renewal) {
        return IssuerNames.names(renewal.subject, renewal.subjectAltNames);
    }
}
