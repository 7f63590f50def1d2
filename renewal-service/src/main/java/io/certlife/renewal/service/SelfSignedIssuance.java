package io.certlife.renewal.service;

import io.certlife.renewal.Renewal;
import io.certlife.renewal.keys.KeyVault;
import io.certlife.renewal.keys.PrivateKeyRecord;
import io.certlife.renewal.pki.CertificateTemplate;
import io.certlife.renewal.pki.KeySpec;
import io.certlife.renewal.pki.Pki;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The SELF_SIGNED issuer: a clone of the old certificate (subject, SANs in order, key algorithm and size)
 * with a new key, valid one year as Exchange's own self-signed certificates are. The new key is sealed in
 * the same transaction as the renewal, so a renewal has exactly one key.
 */
@ApplicationScoped
public class SelfSignedIssuance {

    static final Duration VALIDITY = Duration.ofDays(365);

    @Inject
    KeyVault vault;

    @Inject
    Clock clock;

    /** Issues the certificate of a planned renewal; returns it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public X509Certificate issue(Renewal renewal) {
        KeySpec spec = KeySpec.of(renewal.keyAlgorithm, renewal.keySize);
        Instant now = clock.instant();
        CertificateTemplate template = new CertificateTemplate(renewal.subject, renewal.subjectAltNames,
                now.minus(Duration.ofMinutes(5)), now.plus(VALIDITY), renewal.clientAuth);
        KeyPair keys = Pki.generateKeyPair(spec);
        X509Certificate certificate = Pki.selfSigned(template, keys, spec);
        UUID certificateId = UUID.randomUUID();
        PrivateKeyRecord record = new PrivateKeyRecord();
        record.id = UUID.randomUUID();
        KeyVault.SealedKey sealed = vault.seal(record.id, certificateId, keys.getPrivate());
        record.renewalId = renewal.id;
        record.certificateId = certificateId;
        record.algorithm = sealed.algorithm();
        record.kekId = sealed.kekId();
        record.wrappedDataKey = sealed.wrappedDataKey();
        record.ciphertext = sealed.ciphertext();
        record.exportable = renewal.exportableKey;
        record.createdAt = now;
        record.persist();
        renewal.newCertificateId = certificateId;
        renewal.certificatePem = Pki.pem(certificate);
        renewal.issuedAt = now;
        renewal.state = Renewal.State.ISSUED;
        return certificate;
    }
}
