package io.certlife.notifier;

import io.certlife.events.SlotRef;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * What the events have said about one certificate: its expiry and how its renewal stands. Updates write only the
 * columns that changed: the two topics' consumers update one row at the same time (names and expiry from inventory,
 * the renewal from renewal-service) without undoing each other.
 */
@Entity
@DynamicUpdate
public class CertificateState extends PanacheEntityBase {

    @Id
    public String certificateId;
    public String subject;
    public String thumbprint;
    public Instant notAfter;
    public String renewalId;
    public String renewalIssuer;
    /** PLANNED, CSR_PENDING, ISSUED, VERIFIED or FAILED. */
    public String renewalState;
    public String replacedBy;
    /** When the replacement was issued; alerts stay open until it is seen served. */
    public Instant replacedAt;
    /** The slots the events last named (servers in lower case). */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<SlotRef> slots;
    public Instant updatedAt;
}
