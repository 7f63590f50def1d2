package io.certlife.renewal.issuer.internalca;

import io.certlife.renewal.keys.KeyVault;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A generated internal CA at rest: its certificate, and its key only ever sealed (see {@link KeyVault}). */
@Entity
@Table(name = "internal_ca")
public class InternalCaRecord extends PanacheEntityBase {
    @Id
    public UUID id;
    public String certificatePem;
    public String algorithm;
    public String kekId;
    public byte[] wrappedDataKey;
    public byte[] ciphertext;
    public Instant createdAt;

    /** The first CA generated: the one in use. */
    static Optional<InternalCaRecord> current() {
        return find("order by createdAt").firstResultOptional();
    }

    KeyVault.SealedKey sealed() {
        return new KeyVault.SealedKey(algorithm, kekId, wrappedDataKey, ciphertext);
    }

    @Override
    public String toString() {
        return "InternalCaRecord[" + id + ", sealed by " + kekId + "]";
    }
}
