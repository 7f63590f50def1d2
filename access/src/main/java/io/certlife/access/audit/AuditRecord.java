package io.certlife.access.audit;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One audited request, in the service's own schema (table {@code audit_record}). */
@Entity
@Table(name = "audit_record")
public class AuditRecord {
    @Id
    public UUID id;
    public Instant at;
    public String subject;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> roles;
    public String action;
    public String object;
    public int outcome;
    public String address;
    public String requestId;
}
