package io.certlife.notifier;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.LocalTime;

/** An owner who prefers one message a day, sent at {@code localTime} in the time zone of the alert's site. */
@Entity
public class DigestPreference extends PanacheEntityBase {

    @Id
    public String owner;
    public LocalTime localTime;
}
