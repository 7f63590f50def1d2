package io.certlife.inventory.tokens;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An API token made through the API: its secret's SHA-256 only. */
@Entity
@Table(name = "api_token")
public class ApiToken {
    @Id
    public UUID id;
    public String name;
    public String sha256;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> roles;
    public Instant createdAt;
    public String createdBy;
    public Instant expiresAt;
    public Instant revokedAt;
    public String revokedBy;
    public Instant lastUsedAt;
}
