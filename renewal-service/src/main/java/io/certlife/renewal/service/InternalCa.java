package io.certlife.renewal.service;

import io.certlife.renewal.config.InternalCaConfig;
import io.certlife.renewal.keys.KeyVault;
import io.certlife.renewal.keys.KeyVaultException;
import io.certlife.renewal.pki.Csr;
import io.certlife.renewal.pki.KeySpec;
import io.certlife.renewal.pki.Pki;
import io.certlife.renewal.pki.PkiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.StringReader;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

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

    /** Whether certificates issued by {@code issuerDn} are renewed by this CA. */
    public boolean issues(String issuerDn) {
        Optional<X500Principal> subject = subject();
        try {
            return subject.isPresent() && subject.get().equals(new X500Principal(issuerDn));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Optional<X500Principal> subject() {
        if (config.certificate().isPresent()) {
            return Optional.of(Csr.readCertificates(config.certificate().get()).get(0).getSubjectX500Principal());
        }
        return config.generate() ? Optional.of(new X500Principal(config.subject())) : Optional.empty();
    }

    /** The CA, loaded from configuration or the database, generated on first use when allowed. */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = {KeyVaultException.class, PkiException.class})
    public Authority authority() {
        if (config.certificate().isPresent() && config.key().isPresent()) {
            X509Certificate certificate = Csr.readCertificates(config.certificate().get()).get(0);
            PrivateKey key = privateKey(config.key().get());
            return new Authority(certificate, new KeyPair(certificate.getPublicKey(), key), spec(certificate));
        }
        if (!config.generate()) {
            throw new PkiException("no internal CA configured (certlife.internal-ca.certificate and .key)");
        }
        entityManager.createNativeQuery("select pg_advisory_xact_lock(hashtext('certlife.internal-ca'))").getSingleResult();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(
                "select id, certificate_pem, algorithm, kek_id, wrapped_data_key, ciphertext from {h-schema}internal_ca "
                        + "order by created_at limit 1").getResultList();
        if (!rows.isEmpty()) {
            Object[] row = rows.get(0);
            UUID id = (UUID) row[0];
            X509Certificate certificate = Csr.readCertificates((String) row[1]).get(0);
            PrivateKey key = vault.open(id, id, new KeyVault.SealedKey((String) row[2], (String) row[3], (byte[]) row[4],
                    (byte[]) row[5]));
            return new Authority(certificate, new KeyPair(certificate.getPublicKey(), key), spec(certificate));
        }
        KeySpec spec = KeySpec.RSA_3072;
        KeyPair keys = Pki.generateKeyPair(spec);
        X509Certificate certificate = Pki.certificateAuthority(config.subject(), keys, spec, clock.instant(),
                clock.instant().plus(Duration.ofDays(3650)));
        UUID id = UUID.randomUUID();
        KeyVault.SealedKey sealed = vault.seal(id, id, keys.getPrivate());
        entityManager.createNativeQuery("""
                        insert into {h-schema}internal_ca (id, certificate_pem, algorithm, kek_id, wrapped_data_key, ciphertext, created_at)
                        values (:id, :pem, :algorithm, :kek, :wrapped, :ciphertext, :at)""")
                .setParameter("id", id).setParameter("pem", Pki.pem(certificate)).setParameter("algorithm", sealed.algorithm())
                .setParameter("kek", sealed.kekId()).setParameter("wrapped", sealed.wrappedDataKey())
                .setParameter("ciphertext", sealed.ciphertext()).setParameter("at", OffsetDateTime.now(clock))
                .executeUpdate();
        return new Authority(certificate, keys, spec);
    }

    public Duration leafValidity() {
        return config.leafValidity();
    }

    public List<String> crlUrls() {
        return config.crlUrls().orElse(List.of());
    }

    public List<String> caIssuersUrls() {
        return config.caIssuersUrls().orElse(List.of());
    }

    private static KeySpec spec(X509Certificate certificate) {
        return certificate.getPublicKey() instanceof RSAPublicKey rsa
                ? KeySpec.of("RSA", rsa.getModulus().bitLength())
                : KeySpec.of("EC", ((java.security.interfaces.ECPublicKey) certificate.getPublicKey()).getParams().getCurve()
                        .getField().getFieldSize());
    }

    private static PrivateKey privateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new PkiException("certlife.internal-ca.key is not an unencrypted PEM private key");
        } catch (IOException e) {
            throw new PkiException("certlife.internal-ca.key is unreadable", e);
        }
    }
}
