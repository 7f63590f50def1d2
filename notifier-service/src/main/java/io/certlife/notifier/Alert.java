package io.certlife.notifier;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** Something a person should know about a certificate, raised from one event. */
@Entity
public class Alert extends PanacheEntityBase {

    /** How urgent an alert is. */
    public enum Severity { INFO, WARNING, CRITICAL }

    @Id
    public UUID id;
    public String sourceEventId;
    public String eventType;
    public String certificateId;
    @Enumerated(EnumType.STRING)
    public Severity severity;
    public String summary;
    public Instant createdAt;
}
