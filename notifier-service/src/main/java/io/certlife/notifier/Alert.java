package io.certlife.notifier;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * Something a person should know about a certificate on one server. Its dedupe key (certificate, server,
 * threshold for expiry) makes every further event saying the same thing an occurrence, not a new alert.
 */
@Entity
public class Alert extends PanacheEntityBase {

    /** How urgent an alert is; routing rules filter on it. */
    public enum Severity { INFO, WARNING, CRITICAL }

    /** Where an alert stands. SNOOZED and ACKNOWLEDGED alerts were raised but not delivered. */
    public enum State { OPEN, ACKNOWLEDGED, SNOOZED, RESOLVED }

    @Id
    public UUID id;
    public String dedupeKey;
    @Enumerated(EnumType.STRING)
    public AlertKind kind;
    public String certificateId;
    public String server;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> services;
    public String site;
    public String owner;
    @Enumerated(EnumType.STRING)
    public Severity severity;
    public String title;
    public String summary;
    @Enumerated(EnumType.STRING)
    public State state;
    public Instant snoozedUntil;
    public String acknowledgedBy;
    public String sourceEventId;
    public int occurrences;
    public Instant createdAt;
    public Instant updatedAt;

    public boolean isActive() {
        return state != State.RESOLVED;
    }
}
