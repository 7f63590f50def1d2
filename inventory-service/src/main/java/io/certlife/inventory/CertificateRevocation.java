package io.certlife.inventory;

import io.certlife.inventory.policy.PlanningFacts.RevocationStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The last revocation check of a certificate in use: its status, where it came from and why. */
@Entity
@Table(name = "revocation_status")
public class CertificateRevocation extends PanacheEntityBase {

    /** Where a status came from ({@code null} when neither could say). */
    public enum Source { OCSP, CRL }

    @Id
    public UUID certificateId;
    @Enumerated(EnumType.STRING)
    public RevocationStatus status;
    @Enumerated(EnumType.STRING)
    public Source source;
    public String detail;
    public Instant revokedAt;
    public Instant checkedAt;
}
