package io.certlife.renewal.keys;

import io.certlife.events.KeyCustody;
import io.certlife.renewal.Renewal;
import io.certlife.renewal.pki.Csr;
import io.certlife.renewal.pki.KeySpec;
import io.certlife.renewal.pki.Pki;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.UUID;

/**
 * The new key of a renewal, made and sealed in the caller's transaction (so a renewal has exactly one key), bound
 * to the id of the certificate the renewal will make. Every issuer that makes keys makes them here. A renewal whose
 * key the server made (custody ON_SERVER) has none here: only the public key of the server's CSR.
 */
@ApplicationScoped
public class RenewalKeys {

    @Inject
    KeyVault vault;

    @Inject
    Clock clock;

    /** The public key the renewal's certificate certifies: the server's (custody ON_SERVER) or a fresh one made here. */
    public PublicKey publicKey(Renewal renewal) {
        if (renewal.keyCustody == KeyCustody.ON_SERVER) {
            renewal.newCertificateId = renewal.newCertificateId != null ? renewal.newCertificateId : UUID.randomUUID();
            return Csr.publicKey(renewal.csrPem);
        }
        return create(renewal).getPublic();
    }

    /** A fresh key pair of the renewal's planned type; its private half is stored sealed only. */
    public KeyPair create(Renewal renewal) {
        KeyPair keys = Pki.generateKeyPair(KeySpec.of(renewal.keyAlgorithm, renewal.keySize));
        renewal.newCertificateId = UUID.randomUUID();
        store(renewal.id, renewal.newCertificateId, keys.getPrivate());
        return keys;
    }

    /**
     * Seals a private key and stores it, bound to {@code boundTo} (a certificate's id, or an ACME account's); returns
     * the stored row. {@code renewalId} is null for a key that belongs to no renewal (an ACME account key).
     */
    public PrivateKeyRecord store(UUID renewalId, UUID boundTo, PrivateKey key) {
        PrivateKeyRecord record = new PrivateKeyRecord();
        record.id = UUID.randomUUID();
        KeyVault.SealedKey sealed = vault.seal(record.id, boundTo, key);
        record.renewalId = renewalId;
        record.certificateId = boundTo;
        record.algorithm = sealed.algorithm();
        record.kekId = sealed.kekId();
        record.wrappedDataKey = sealed.wrappedDataKey();
        record.ciphertext = sealed.ciphertext();
        record.createdAt = clock.instant();
        record.persist();
        return record;
    }
}
