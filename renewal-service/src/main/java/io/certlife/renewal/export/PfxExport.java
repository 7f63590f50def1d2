package io.certlife.renewal.export;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A PFX export waiting for its one download. */
@Entity
@Table(name = "pfx_export")
public class PfxExport extends PanacheEntityBase {
    @Id
    public String token;
    public UUID certificateId;
    public String profile;
    public byte[] pfx;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant downloadedAt;
    public UUID exportId;
    /** The operator task it is for; null when its maker took both the token and the password. */
    public String taskId;
    public String createdBy;
    /** The password sealed under the KEK until a key custodian reveals it (task exports only). */
    public String passwordKek;
    public byte[] passwordKey;
    public byte[] password;
    public Instant passwordRevealedAt;
    public String passwordRevealedBy;

    @Override
    public String toString() {
        return "PfxExport[certificate " + certificateId + ", " + profile + "]";
    }
}
