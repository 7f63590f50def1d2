package io.certlife.renewal.issuer.acme;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A certificate the ACME CA issued, watched for its renewal window (ARI): the window last seen, the renewal time chosen
 * in it, when to ask again, and when certlife asked inventory to make it due.
 */
@Entity
@Table(name = "acme_renewal_info")
public class AriCheck extends PanacheEntityBase {
    /** The certificate (the id inventory knows it by). */
    @Id
    public UUID certificateId;
    /** The renewal that issued it (its PEM is the certificate). */
    public UUID renewalId;
    public Instant windowStart;
    public Instant windowEnd;
    public Instant renewAt;
    public Instant nextCheckAt;
    public Instant requestedAt;

    public static AriCheck of(UUID certificateId, UUID renewalId, Instant now) {
        AriCheck check = new AriCheck();
        check.certificateId = certificateId;
        check.renewalId = renewalId;
        check.nextCheckAt = now;
        return check;
    }
}
