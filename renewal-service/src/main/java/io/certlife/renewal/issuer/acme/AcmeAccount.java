package io.certlife.renewal.issuer.acme;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** certlife's account at one ACME directory: its URL at the CA and its key, sealed in {@code private_key} like every other. */
@Entity
@Table(name = "acme_account")
public class AcmeAccount extends PanacheEntityBase {
    @Id
    public String directory;
    public String location;
    /** The {@code private_key} row holding the account key (its certificate id is this account's {@link #keyBinding}). */
    public UUID keyId;
    /** The id the sealed key is bound to (the vault's associated data): the account's own, never a certificate's. */
    public UUID keyBinding;
    /** The account key's public half, X.509 SubjectPublicKeyInfo. */
    public byte[] publicKey;
    public Instant createdAt;
}
