package io.certlife.renewal.keys;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A private key at rest: only ever its sealed form (see {@link KeyVault}). */
@Entity
@Table(name = "private_key")
public class PrivateKeyRecord extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID renewalId;
    public UUID certificateId;
    public String algorithm;
    public String kekId;
    public byte[] wrappedDataKey;
    public byte[] ciphertext;
    public Instant createdAt;

    public static Optional<PrivateKeyRecord> ofRenewal(UUID renewalId) {
        return find("renewalId", renewalId).firstResultOptional();
    }

    public KeyVault.SealedKey sealed() {
        return new KeyVault.SealedKey(algorithm, kekId, wrappedDataKey, ciphertext);
    }

    @Override
    public String toString() {
        return "PrivateKeyRecord[" + id + ", certificate " + certificateId + ", sealed by " + kekId + "]";
    }
}
