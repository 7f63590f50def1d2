package io.certlife.notifier;

import io.certlife.events.ServerRole;
import io.certlife.events.Severity;
import io.certlife.notifier.ChannelType;
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
 * Which alerts go where: kinds (empty = all), a minimum severity, and optionally a site, role and owner the
 * alert's server must match; then one channel and its recipients ({@code @owner} = the owning team's address).
 */
@Entity
public class RoutingRule extends PanacheEntityBase {

    @Id
    public UUID id;
    public String name;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> eventTypes;
    @Enumerated(EnumType.STRING)
    public Alert.Severity minSeverity;
    public String site;
    @Enumerated(EnumType.STRING)
    public ServerRole role;
    public String owner;
    @Enumerated(EnumType.STRING)
    public ChannelType channel;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> recipients;
    public Instant createdAt;
    public Instant updatedAt;
}
