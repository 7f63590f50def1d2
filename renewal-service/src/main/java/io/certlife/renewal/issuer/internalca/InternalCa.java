package io.certlife.renewal.issuer.internalca;

import io.certlife.renewal.config.InternalCaConfig;
import io.certlife.renewal.keys.KeyVault;
import io.certlife.renewal.pki.KeySpec;
import io.certlife.renewal.pki.Pem;
import io.certlife.renewal.pki.Pki;
import io.certlife.renewal.pki.PkiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The private CA that issues INTERNAL_CA renewals: its certificate and key from configuration (a Kubernetes
 * Secret), or, when {@code certlife.internal-ca.generate} is on, a CA made at first start and kept in the
 * database with its key sealed by the {@link KeyVault}.
 */
@ApplicationScoped
public class InternalCa {

    /** A CA ready to sign. */
    public record Authority(X509Certificate certificate, KeyPair keys, KeySpec spec) {
        @Override
        public String toString() {
            return "Authority[" + certificate.getSubjectX500Principal().getName() + "]";
        }
    }

    @Inject
    InternalCaConfig config;

    @Inject
    KeyVault vault;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    /**
     * Whether this CA issued the certificate: its issuer is this CA's subject and its signature verifies with this CA's
     * key. A certificate that only names the CA as its issuer is not this CA's to renew. In the caller's transaction.
     */
    boolean issued(String certificatePem) {
        Optional<X509Certificate> ca = certificate();
        if (ca.isEmpty()) {
            return false;
        }
        try {
            X509Certificate certificate = Pem.certificates(certificatePem).get(0);
            if (!certificate.getIssuerX500Principal().equals(ca.get().getSubjectX500Principal())) {
                return false;
            }
            certificate.verify(ca.get().getPublicKey());
            return true;
        } catch (PkiException | GeneralSecurityException e) {
            return false;
        }
    }

    /** The CA's certificate, if there is a CA (configured, or generated before): none has issued anything otherwise. */
    private Optional<X509Certificate> certificate() {
        if (config.certificate().isPresent()) {
            return Optional.of(Pem.certificates(config.certificate().get()).get(0));
        }
        return config.generate() ? InternalCaRecord.current().map(record -> Pem.certificates(record.certificatePem).get(0))
                : Optional.empty();
    }

    /** The CA, loaded from configuration or the database, generated on first use when allowed; in the caller's transaction. */
    Authority authority() {
        if (config.certificate().isPresent() && config.key().isPresent()) {
            X509Certificate certificate = Pem.certificates(config.certificate().get()).get(0);
            PrivateKey key = Pem.privateKey(config.key().get(), "certlife.internal-ca.key");
            return new Authority(certificate, new KeyPair(certificate.getPublicKey(), key), KeySpec.of(certificate.getPublicKey()));
        }
        if (!config.generate()) {
            throw new PkiException("no internal CA configured (certlife.internal-ca.certificate and .key)");
        }
        // one CA however many replicas generate at once
        entityManager.createNativeQuery("select pg_advisory_xact_lock(hashtext('certlife.internal-ca'))").getSingleResult();
        Optional<InternalCaRecord> stored = InternalCaRecord.current();
        if (stored.isPresent()) {
            X509Certificate certificate = Pem.certificates(stored.get().certificatePem).get(0);
            PrivateKey key = vault.open(stored.get().id, stored.get().id, stored.get().sealed());
            return new Authority(certificate, new KeyPair(certificate.getPublicKey(), key), KeySpec.of(certificate.getPublicKey()));
        }
        KeySpec spec = KeySpec.RSA_3072;
        KeyPair keys = Pki.generateKeyPair(spec);
        X509Certificate certificate = Pki.certificateAuthority(config.subject(), keys, spec, clock.instant(),
                clock.instant().plus(Duration.ofDays(3650)));
        InternalCaRecord record = new InternalCaRecord();
        record.id = UUID.randomUUID();
        KeyVault.SealedKey sealed = vault.seal(record.id, record.id, keys.getPrivate());
        record.certificatePem = Pem.of(certificate);
        record.algorithm = sealed.algorithm();
        record.kekId = sealed.kekId();
        record.wrappedDataKey = sealed.wrappedDataKey();
        record.ciphertext = sealed.ciphertext();
        record.createdAt = clock.instant();
        record.persist();
        return new Authority(certificate, keys, spec);
    }
}
