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

    @Override
    public String toString() {
        return "PfxExport[certificate " + certificateId + ", " + profile + "]";
    }
}
