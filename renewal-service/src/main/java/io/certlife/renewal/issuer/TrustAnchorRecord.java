package io.certlife.renewal.issuer;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A CA certificate an issuer's answers may chain to. */
@Entity
@Table(name = "trust_anchor")
@IdClass(TrustAnchorRecord.Key.class)
public class TrustAnchorRecord {
    @Id
    public String issuer;
    @Id
    public String fingerprint;
    public String subject;
    public Instant notAfter;
    public String certificatePem;
    public String addedBy;
    public Instant addedAt;

    /** The primary key: one issuer's anchor. */
    public record Key(String issuer, String fingerprint) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
