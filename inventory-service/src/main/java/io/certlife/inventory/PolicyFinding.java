package io.certlife.inventory;

import io.certlife.events.ServiceKind;
import io.certlife.events.Severity;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A planning-rule finding as stored: open until the rule no longer finds it, then resolved and kept. */
@Entity
@Table(name = "finding")
public class PolicyFinding extends PanacheEntityBase {
    @Id
    public UUID id;
    public String ruleId;
    @Enumerated(EnumType.STRING)
    public Severity severity;
    public String message;
    public String subjectKey;
    public UUID certificateId;
    public String server;
    @Enumerated(EnumType.STRING)
    public ServiceKind service;
    public Instant raisedAt;
    public Instant resolvedAt;
}
