package io.certlife.inventory;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;

/** When a kind of run (the expiry sweep, the slots' discovery) last finished on any replica, and what it did. */
@Entity
public class LastRun extends PanacheEntityBase {

    @Id
    public String kind;
    public Instant finishedAt;
    public String summary;
}
